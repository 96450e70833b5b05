using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elaboration;

/// <summary>Maps netlist waveforms, models and options to their engine counterparts.</summary>
public static class EngineMapping
{
    public static Engine.Waveform? Waveform(Waveform? waveform) => waveform switch
    {
        null => null,
        PulseWaveform p => new Engine.PulseWaveform(p.Initial, p.Pulsed, p.Delay ?? 0, p.Rise, p.Fall, p.Width, p.Period),
        SineWaveform s => new Engine.SineWaveform(s.Offset, s.Amplitude, s.Frequency, s.Delay ?? 0, s.Damping ?? 0, s.PhaseDegrees ?? 0),
        ExponentialWaveform e => new Engine.ExponentialWaveform(e.Initial, e.Pulsed, e.RiseDelay, e.RiseTau, e.FallDelay, e.FallTau),
        PwlWaveform w => new Engine.PwlWaveform(w.Arguments.ToArray()) { RepeatFrom = w.Repeat, Delay = w.Delay ?? 0 },
        SffmWaveform f => new Engine.SffmWaveform(f.Offset, f.Amplitude, f.CarrierFrequency, f.ModulationIndex ?? 0, f.SignalFrequency,
            f.CarrierPhaseDegrees ?? 0, f.SignalPhaseDegrees ?? 0),
        _ => throw new ArgumentException($"unknown waveform {waveform.GetType().Name}", nameof(waveform)),
    };

    public static readonly IReadOnlySet<string> DiodeParameters = new HashSet<string> { "is", "n", "rs", "cjo", "cj0", "cj", "vj", "m", "tt", "fc", "bv", "ibv" };

    /// <summary>Level-1 diode; the instance area scales IS and CJO up and RS down, as in SPICE.</summary>
    public static Engine.DiodeModel Diode(ModelCard card, double area)
    {
        var d = new Engine.DiodeModel();
        double cjo = card.Parameters.TryGetValue("cjo", out var c0) ? c0 : card.Parameters.TryGetValue("cj0", out var c1) ? c1 : card.Get("cj", d.Cjo);
        return d with
        {
            Name = card.Name,
            Is = card.Get("is", d.Is) * area,
            N = card.Get("n", d.N),
            Rs = card.Get("rs", d.Rs) / area,
            Cjo = cjo * area,
            Vj = card.Get("vj", d.Vj),
            M = card.Get("m", d.M),
            Tt = card.Get("tt", d.Tt),
            Fc = card.Get("fc", d.Fc),
            Bv = card.Parameters.TryGetValue("bv", out var bv) ? bv : null,
            Ibv = card.Get("ibv", d.Ibv),
        };
    }

    public static readonly IReadOnlySet<string> SwitchParameters = new HashSet<string> { "vt", "vh", "ron", "roff" };

    public static Engine.SwitchModel Switch(ModelCard card, double gmin)
    {
        var s = new Engine.SwitchModel();
        return s with
        {
            Name = card.Name,
            Vt = card.Get("vt", s.Vt),
            Vh = card.Get("vh", s.Vh),
            Ron = card.Get("ron", s.Ron),
            Roff = card.Get("roff", 1 / gmin),
        };
    }

    /// <summary>.options to engine options; <paramref name="maxStep"/> (the .tran tmax) wins over .options maxstep.</summary>
    public static Engine.SimulationOptions Options(SimulationOptions options, double? maxStep = null)
    {
        var o = new Engine.SimulationOptions();
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
            Method = options.Method == "gear" ? Engine.IntegrationMethod.Gear : Engine.IntegrationMethod.Trapezoidal,
            MaxStep = maxStep ?? options.MaxStep,
            Temperature = n.TryGetValue("temp", out var celsius) ? celsius + 273.15 : o.Temperature,
        };
    }
}
