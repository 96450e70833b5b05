using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Tests;

/// <summary>Random flat circuits covering every element kind, waveform, model, analysis and option the writer knows.</summary>
internal static class RandomCircuits
{
    private static readonly string[] Nodes = ["0", "a", "b", "c", "out", "x1.n3", "n_7"];

    public static NetlistCircuit Create(Random rng)
    {
        var c = new NetlistCircuit { Title = "random circuit " + rng.Next(1000) };
        c.Models["dmod"] = new ModelCard("dmod", "d", new Dictionary<string, double> { ["is"] = Value(rng), ["n"] = 1 + rng.NextDouble() });
        c.Models["smod"] = new ModelCard("smod", "sw", new Dictionary<string, double> { ["vt"] = Value(rng), ["ron"] = 1, ["roff"] = 1e6 });
        c.Elements.Add(new VoltageSourceElement("vctl", "a", "0", Value(rng)));
        int count = rng.Next(1, 25);
        for (int k = 0; k < count; k++) c.Elements.Add(Element(rng, k));
        if (rng.Next(2) == 0) c.Analyses.Add(new OperatingPointAnalysis());
        if (rng.Next(2) == 0) c.Analyses.Add(new DcAnalysis([new DcSweep("vctl", 0, 1, 0.25)]));
        if (rng.Next(2) == 0) c.Analyses.Add(new TransientAnalysis(1e-9 * rng.Next(1, 9), 1e-6, rng.Next(2) * 1e-7, rng.Next(2) == 0 ? null : 2e-9, rng.Next(2) == 0));
        if (rng.Next(2) == 0)
            c.Options = new SimulationOptions { Numeric = new(StringComparer.Ordinal) { ["reltol"] = 1e-4, ["gmin"] = Positive(rng) }, Method = rng.Next(2) == 0 ? "gear" : null };
        if (rng.Next(2) == 0) c.InitialConditions["a"] = Value(rng);
        if (rng.Next(2) == 0) c.NodeSets["b"] = Value(rng);
        return c;
    }

    private static Element Element(Random rng, int k)
    {
        string N() => Nodes[rng.Next(Nodes.Length)];
        double? Maybe(Func<double> f) => rng.Next(2) == 0 ? null : f();
        return rng.Next(13) switch
        {
            0 => new ResistorElement($"r{k}", N(), N(), Positive(rng)),
            1 => new CapacitorElement($"c{k}", N(), N(), Positive(rng), Maybe(() => Value(rng))),
            2 => new InductorElement($"l{k}", N(), N(), Positive(rng), Maybe(() => Value(rng))),
            3 => new VoltageSourceElement($"v{k}", N(), N(), Maybe(() => Value(rng)), Waveform(rng), Maybe(() => Value(rng))),
            4 => new CurrentSourceElement($"i{k}", N(), N(), Value(rng), Waveform(rng)),
            5 => new VcvsElement($"e{k}", N(), N(), N(), N(), Value(rng)),
            6 => new VccsElement($"g{k}", N(), N(), N(), N(), Value(rng)),
            7 => new CccsElement($"f{k}", N(), N(), "vctl", Value(rng)),
            8 => new CcvsElement($"h{k}", N(), N(), "vctl", Value(rng)),
            9 => new DiodeElement($"d{k}", N(), N(), "dmod", rng.Next(2) == 0 ? 1.0 : Positive(rng), rng.Next(2) == 0),
            10 => new VoltageSwitchElement($"s{k}", N(), N(), N(), N(), "smod", rng.Next(3) switch { 0 => null, 1 => true, _ => false }),
            11 => new ResistorElement($"r.x{k}.r1", N(), N(), Positive(rng)),
            _ => new CapacitorElement($"c.x{k}.x2.c1", N(), N(), Positive(rng)),
        };
    }

    private static Waveform? Waveform(Random rng) => rng.Next(5) switch
    {
        0 => new PulseWaveform(Value(rng), Value(rng), 1e-9, 1e-9, rng.Next(2) == 0 ? null : 2e-9),
        1 => new SineWaveform(Value(rng), Value(rng), 1e6, null, null, null),
        2 => new ExponentialWaveform(0, Value(rng), 1e-9, 1e-8, 5e-8, 1e-8),
        3 => new PwlWaveform([(0, Value(rng)), (1e-7, Value(rng)), (1e-7, 0), (5e-7, Value(rng))]),
        _ => null,
    };

    /// <summary>Any finite double over 30 decades, both signs, sometimes a "round" engineering value.</summary>
    public static double Value(Random rng) =>
        rng.Next(4) == 0 ? Math.Round(rng.NextDouble() * 100, 1) * Math.Pow(10, 3 * rng.Next(-5, 5))
                         : (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-15, 15));

    public static double Positive(Random rng) => Math.Abs(Value(rng)) + 1e-18;
}
