using System.Globalization;
using System.Text;
using MemristorSpice.Devices.Memristors;
using MemristorSpice.Devices.Native;
using MemristorSpice.Devices.Spice;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;
using MemristorSpice.Engine.Waveforms;

namespace MemristorSpice.Benchmarks.Circuits;

/// <summary>
/// The device benchmark: memristors (HP set, Biolek window, initial resistances spread over 2..15 kΩ), each
/// behind its own 1 kΩ resistor on one 1 V / 1 Hz sine, for a number of periods with a 1 ms maximum step. Native
/// memristor entities in our engine; the generated MEM_HP_BIOLEK subcircuit (B sources) in ngspice.
/// </summary>
public sealed class MemristorArrayCase(int devices = 64, int periods = 10)
{
    public const double MaxStep = 1e-3, Frequency = 1.0, Amplitude = 1.0, SeriesOhms = 1e3;

    public int Devices { get; } = devices;
    public int Periods { get; } = periods;
    public double Stop => Periods / Frequency;
    public string Title => $"{Devices} memristors, sine {Frequency:G3} Hz, {Periods} periods";

    private static LinearDriftParameters Hp => MemristorPresets.Hp(WindowKind.Biolek);

    public double InitialOhms(int k) => 2e3 + 13e3 * k / Math.Max(1, Devices - 1);

    public SimulationOptions Options => new() { MaxStep = MaxStep };

    public Circuit Circuit()
    {
        var hp = Hp;
        var c = new Circuit("memristor array").Add(new VoltageSource("V1", "in", "0", null, new SineWaveform(0, Amplitude, Frequency)));
        for (var k = 0; k < Devices; k++)
            c.Add(new Resistor($"R{k}", "in", $"n{k}", SeriesOhms),
                  new Memristor($"X{k}", $"n{k}", "0", new LinearDriftModel(hp with { InitialOhms = InitialOhms(k) })));
        return c;
    }

    public string Deck()
    {
        var inv = CultureInfo.InvariantCulture;
        var deck = new StringBuilder($"* {Title}\n").Append(MemristorSubcircuit.Write(Hp))
            .Append(inv, $"V1 in 0 SIN(0 {Amplitude:R} {Frequency:R})\n");
        for (var k = 0; k < Devices; k++)
            deck.Append(inv, $"R{k} in n{k} {SeriesOhms:R}\nX{k} n{k} 0 MEM_HP_BIOLEK rinit={InitialOhms(k):R}\n");
        deck.Append(inv, $".tran {MaxStep:R} {Stop:R} 0 {MaxStep:R}\n.end\n");
        return deck.ToString();
    }

    /// <summary>Worst device over the array: RMS difference of the device current on 4001 common points, relative to its peak.</summary>
    public double WorstCurrentDifference(WaveformTable ours, WaveformTable ngspice)
    {
        double worst = 0;
        for (var k = 0; k < Devices; k++)
        {
            double sum = 0, peak = 0;
            for (var p = 0; p <= 4000; p++)
            {
                var t = Stop * p / 4000;
                var a = (ours.Interpolate("v(in)", t) - ours.Interpolate($"v(n{k})", t)) / SeriesOhms;
                var b = (ngspice.Interpolate("v(in)", t) - ngspice.Interpolate($"v(n{k})", t)) / SeriesOhms;
                sum += (a - b) * (a - b);
                peak = Math.Max(peak, Math.Abs(b));
            }
            worst = Math.Max(worst, Math.Sqrt(sum / 4001) / peak);
        }
        return worst;
    }
}
