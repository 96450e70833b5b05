using System.Text;
using MemristorSpice.Devices.Spice;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Writing;

/// <summary>
/// Writes a <see cref="NetlistCircuit"/> as ngspice-accepted text: title, header comment, options, models,
/// subcircuits, elements in aligned columns, initial conditions, analyses, .end. Reading the text back
/// gives the same circuit (after flattening any subcircuit instances).
/// </summary>
public static class NetlistWriter
{
    /// <summary>The netlist text; <paramref name="generator"/> names the writing program in the header comment (default MemristorSpice).</summary>
    public static string Write(NetlistCircuit circuit, string? generator = null)
    {
        var text = new StringBuilder();
        text.Append(SpiceText.Line(circuit.Title)).Append('\n');
        text.Append("* written by ").Append(SpiceText.Line(generator ?? "MemristorSpice")).Append(": ")
            .Append(circuit.Elements.Count).Append(" elements, ").Append(circuit.NodeNames().Count(n => n != "0")).Append(" nodes\n");
        WriteOptions(circuit.Options, text);
        if (circuit.Models.Count > 0) text.Append("\n* models\n");
        foreach (var model in circuit.Models.Values) text.Append(ModelLine(model)).Append('\n');
        foreach (var sub in circuit.Subcircuits.Values) WriteSubcircuit(sub, text);
        if (circuit.Elements.Count > 0) text.Append("\n* circuit\n");
        WriteAligned(circuit.Elements.Select(ElementFormatter.Fields), text);
        WriteNodeValues(".ic", circuit.InitialConditions, text);
        WriteNodeValues(".nodeset", circuit.NodeSets, text);
        if (circuit.Analyses.Count > 0) text.Append("\n* analyses\n");
        foreach (var analysis in circuit.Analyses) text.Append(AnalysisLine(analysis)).Append('\n');
        text.Append(".end\n");
        return text.ToString();
    }

    internal static void WriteOptions(SimulationOptions options, StringBuilder text)
    {
        var parts = options.Numeric.Select(o => $"{o.Key}={NumberFormat.Format(o.Value)}").ToList();
        if (options.Method is not null) parts.Add("method=" + options.Method);
        if (parts.Count > 0) text.Append(".options ").Append(string.Join(' ', parts)).Append('\n');
        if (options.TempDirective is { } celsius) text.Append(".temp ").Append(NumberFormat.Format(celsius)).Append('\n');
    }

    private static string ModelLine(ModelCard model) =>
        $".model {model.Name} {model.Type}(" + string.Join(' ', model.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={NumberFormat.Format(p.Value)}")) + ")";

    private static void WriteSubcircuit(SubcircuitDefinition sub, StringBuilder text)
    {
        text.Append('\n');
        if (sub.SourceText is not null)
        {
            foreach (var line in sub.SourceText) text.Append(line.TrimEnd()).Append('\n');
            return;
        }
        text.Append(".subckt ").Append(sub.Name).Append(' ').Append(string.Join(' ', sub.Pins));
        if (sub.Parameters.Count > 0)
            text.Append(" params: ").Append(string.Join(' ', sub.Parameters.Select(p => $"{p.Key}={NumberFormat.Format(p.Value)}")));
        text.Append('\n');
        WriteAligned(sub.Elements.Select(ElementFormatter.Fields), text, "  ");
        text.Append(".ends ").Append(sub.Name).Append('\n');
    }

    /// <summary>Pads every column but the last to the widest entry, so nodes and values line up.</summary>
    private static void WriteAligned(IEnumerable<IReadOnlyList<string>> rows, StringBuilder text, string indent = "")
    {
        var list = rows.ToList();
        int columns = list.Count == 0 ? 0 : list.Max(r => r.Count);
        var widths = new int[columns];
        foreach (var row in list)
        {
            for (int k = 0; k < row.Count - 1; k++) widths[k] = Math.Max(widths[k], Math.Min(row[k].Length, 24));
        }
        foreach (var row in list)
        {
            text.Append(indent);
            for (int k = 0; k < row.Count; k++)
            {
                text.Append(k < row.Count - 1 ? row[k].PadRight(widths[k]) : row[k]);
                if (k < row.Count - 1) text.Append(' ');
            }
            text.Append('\n');
        }
    }

    private static void WriteNodeValues(string directive, SortedDictionary<string, double> values, StringBuilder text)
    {
        if (values.Count == 0) return;
        text.Append(directive).Append(' ').Append(string.Join(' ', values.Select(v => $"v({v.Key})={NumberFormat.Format(v.Value)}"))).Append('\n');
    }

    /// <summary>The netlist line of one analysis (.op, .dc, .tran, .ac, .tf).</summary>
    public static string AnalysisLine(Analysis analysis) => analysis switch
    {
        OperatingPointAnalysis => ".op",
        TransferFunctionAnalysis tf => $".tf {tf.Output} {tf.InputSource}",
        DcAnalysis dc => ".dc " + string.Join(' ', dc.Sweeps.Select(s =>
            $"{s.Source} {NumberFormat.Format(s.Start)} {NumberFormat.Format(s.Stop)} {NumberFormat.Format(s.Step)}")),
        TransientAnalysis t => ".tran " + NumberFormat.Format(t.Step) + " " + NumberFormat.Format(t.Stop) +
                               (t.Start != 0 || t.MaxStep is not null ? " " + NumberFormat.Format(t.Start) : "") +
                               (t.MaxStep is { } max ? " " + NumberFormat.Format(max) : "") +
                               (t.UseInitialConditions ? " uic" : ""),
        NoiseAnalysis n => $".noise {n.Output} {n.InputSource} {n.Keyword} {n.Points} {NumberFormat.Format(n.Start)} {NumberFormat.Format(n.Stop)}" +
                           (n.PointsPerSummary is { } summary ? $" {summary}" : ""),
        AcAnalysis ac => $".ac {ac.Keyword} {ac.Points} {NumberFormat.Format(ac.Start)} {NumberFormat.Format(ac.Stop)}",
        _ => throw new ArgumentException($"unknown analysis {analysis.GetType().Name}", nameof(analysis)),
    };
}
