using MemristorSpice.Engine.Analyses;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Reading;

internal sealed partial class ControlReader
{
    private NoiseAnalysis Noise(CardReader card)
    {
        const string usage = ".noise v(node[,node2]) source dec|oct|lin points fstart fstop [points_per_summary]";
        var v = card.Next("v(node)", usage);
        if (!v.Is("v") || card.Next("(", usage).Kind != TokenKind.LeftParen)
            throw card.Error(v, "the output must be a node voltage v(node) or v(node,node2)", usage);
        string node = NoiseNode(card.Name("node name", usage));
        string? reference = null;
        if (card.Peek?.Kind == TokenKind.Comma) { card.Position++; reference = NoiseNode(card.Name("second node name", usage)); }
        if (card.Next(")", usage).Kind != TokenKind.RightParen) throw card.Error(card.Tokens[card.Position - 1], "expected ')'", usage);
        var sourceToken = card.Peek;
        string source = card.Name("input source", usage);
        if (circuit.FindElement(source) is not (VoltageSourceElement or CurrentSourceElement))
            throw card.Error(sourceToken, $"input source '{source}' is not an independent source of the top level", "name a V or I element: " + usage);
        var kindToken = card.Peek;
        string kind = card.Name("sweep type", usage);
        var sweep = kind switch
        {
            "dec" => AcSweepKind.Decade,
            "oct" => AcSweepKind.Octave,
            "lin" => AcSweepKind.Linear,
            _ => throw card.Error(kindToken, $"unknown noise sweep type '{kind}'", usage),
        };
        var pointsToken = card.Peek;
        double points = card.Value("number of points", usage);
        var startToken = card.Peek;
        double start = card.Value("start frequency", usage);
        var stopToken = card.Peek;
        double stop = card.Value("stop frequency", usage);
        int? summary = null;
        if (!card.AtEnd)
        {
            var summaryToken = card.Peek;
            double s = card.Value("points per summary", usage);
            if (s < 0 || s != Math.Floor(s) || s > int.MaxValue) throw card.Error(summaryToken, "points per summary must be a whole number", usage);
            summary = (int)s;
        }
        card.ExpectEnd(usage);
        if (points < 1 || points != Math.Floor(points) || points > AcSweep.MaxFrequencies)
            throw card.Error(pointsToken, $"the number of points must be a whole number from 1 to {AcSweep.MaxFrequencies}", usage);
        if (!(start > 0) || !double.IsFinite(start)) throw card.Error(startToken, "the start frequency must be positive (Hz)", usage);
        if (!(stop >= start) || !double.IsFinite(stop)) throw card.Error(stopToken, "the stop frequency must not be below the start frequency", usage);
        try
        {
            NoiseSmallSignal.Frequencies(new AcSweep(sweep, (int)points, start, stop));
        }
        catch (Engine.Core.CircuitException ex) when (ex.Message != AcSweep.TooManyMessage && ex.Message != NoiseSmallSignal.TooManyMessage)
        {
            throw card.Error(pointsToken, ex.Message, usage);
        }
        catch (Engine.Core.CircuitException)
        {
            throw card.Error(pointsToken, $"the sweep would take more than {AcSweep.MaxFrequencies} frequencies", usage);
        }
        foreach (var n in new[] { node, reference })
            if (n is not null && n != "0" && !UsedNodes().Contains(n))
                throw card.Error(v, $"node '{n}' is not in the circuit", usage);
        return new NoiseAnalysis(node, reference, source, sweep, (int)points, start, stop, summary);
    }

    private static string NoiseNode(string name) => name is "gnd" ? "0" : name;
}
