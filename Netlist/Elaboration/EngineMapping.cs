using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elaboration;

/// <summary>Maps netlist waveforms and options to their engine counterparts (element models are mapped by their element kinds).</summary>
internal static class EngineMapping
{
    public static Engine.Waveforms.Waveform? Waveform(Waveform? waveform) => waveform switch
    {
        null => null,
        PulseWaveform p => new Engine.Waveforms.PulseWaveform(p.Initial, p.Pulsed, p.Delay ?? 0, p.Rise, p.Fall, p.Width, p.Period)
        {
            // ngspice 39 reads NP = 0 as "no limit" (the unlimited default).
            PulseCount = p.Count is { } np && np > 0 ? (long)np : null,
        },
        SineWaveform s => new Engine.Waveforms.SineWaveform(s.Offset, s.Amplitude, s.Frequency, s.Delay ?? 0, s.Damping ?? 0, s.PhaseDegrees ?? 0),
        ExponentialWaveform e => new Engine.Waveforms.ExponentialWaveform(e.Initial, e.Pulsed, e.RiseDelay, e.RiseTau, e.FallDelay, e.FallTau),
        PwlWaveform w => new Engine.Waveforms.PwlWaveform(w.Arguments.ToArray()) { RepeatFrom = w.Repeat, Delay = w.Delay ?? 0 },
        SffmWaveform f => new Engine.Waveforms.SffmWaveform(f.Offset, f.Amplitude, f.CarrierFrequency, f.ModulationIndex ?? 0, f.SignalFrequency,
            f.CarrierPhaseDegrees ?? 0, f.SignalPhaseDegrees ?? 0),
        AmWaveform a => new Engine.Waveforms.AmWaveform(a.Amplitude, a.Offset, a.ModulationFrequency, a.CarrierFrequency ?? 0, a.Delay ?? 0,
            a.SignalPhaseDegrees ?? 0),
        _ => throw new ArgumentException($"unknown waveform {waveform.GetType().Name}", nameof(waveform)),
    };

    /// <summary>.options to engine options; <paramref name="maxStep"/> (the .tran tmax) wins over .options maxstep.</summary>
    public static Engine.Core.SimulationOptions Options(SimulationOptions options, double? maxStep = null)
    {
        var o = new Engine.Core.SimulationOptions();
        var n = options.Numeric;
        int Int(string key, int fallback) => n.TryGetValue(key, out var v) ? (int)Math.Round(v) : fallback;
        return o with
        {
            RelTol = options.RelTol,
            AbsTol = options.AbsTol,
            VnTol = options.VnTol,
            Gmin = options.Gmin,
            ChgTol = n.GetValueOrDefault("chgtol", o.ChgTol),
            TrTol = n.GetValueOrDefault("trtol", o.TrTol),
            DcMaxIterations = Int("itl1", o.DcMaxIterations),
            DcSweepMaxIterations = Int("itl2", o.DcSweepMaxIterations),
            TransientMaxIterations = Int("itl4", o.TransientMaxIterations),
            GminSteps = Int("gminsteps", o.GminSteps),
            SourceSteps = Int("srcsteps", o.SourceSteps),
            Method = options.Method == "gear" ? Engine.Core.IntegrationMethod.Gear : Engine.Core.IntegrationMethod.Trapezoidal,
            MaxStep = maxStep ?? options.MaxStep,
            Temperature = options.TemperatureCelsius + 273.15,
        };
    }
}
