using System.Text;

namespace MemristorSpice.Benchmarks.Compare;

/// <summary>One Markdown table of the report with its heading and a paragraph saying what was measured.</summary>
public sealed class ResultTable(string title, string description, params string[] headers)
{
    public string Title { get; } = title;
    public string Description { get; } = description;
    public IReadOnlyList<string> Headers { get; } = headers;
    public List<string[]> Rows { get; } = [];

    public void Add(params string[] cells)
    {
        if (cells.Length != Headers.Count) throw new ArgumentException($"{Title}: row has {cells.Length} cells, table has {Headers.Count} columns.");
        Rows.Add(cells);
    }

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("## ").Append(Title).Append("\n\n").Append(Description).Append("\n\n");
        sb.Append("| ").Append(string.Join(" | ", Headers)).Append(" |\n");
        sb.Append('|').Append(string.Concat(Headers.Select(_ => "---|"))).Append('\n');
        foreach (var r in Rows) sb.Append("| ").Append(string.Join(" | ", r)).Append(" |\n");
        return sb.ToString();
    }
}

/// <summary>A performance target, whether the measurement meets it (null: not measured), and the evidence.</summary>
public sealed record TargetCheck(string Target, bool? Holds, string Evidence)
{
    public string Verdict => Holds switch { true => "holds", false => "missed", null => "not measured" };
}

/// <summary>
/// Points of one curve of a scaling plot (x = N, y = seconds). A lower-bound series holds runs that hit the time
/// cap (y = cap): drawn as open triangles, never fitted.
/// </summary>
public sealed record Series(string Label, IReadOnlyList<(double X, double Y)> Points, bool IsLowerBound = false);

/// <summary>A log-log plot of time against size with one fitted slope per series.</summary>
public sealed record ScalingPlotSpec(string FileName, string Title, string XLabel, string YLabel, IReadOnlyList<Series> Series);

/// <summary>
/// Whether our engine and ngspice computed the same thing in one run: the largest difference found and the tolerance
/// it is held to (same unit). A null difference means not compared (ngspice was capped or not run).
/// </summary>
public sealed record AgreementCheck(string Run, double? Difference, double Tolerance, string Unit)
{
    public bool? Holds => Difference is double d ? d <= Tolerance : null;
    public string Verdict => Holds switch { true => "agree", false => "DISAGREE", null => "not compared" };
}

/// <summary>What one section of the comparison produced; <paramref name="Agreements"/> are its engine-agreement checks.</summary>
public sealed record SectionResult(IReadOnlyList<ResultTable> Tables, IReadOnlyList<ScalingPlotSpec> Plots, IReadOnlyList<TargetCheck> Targets,
    IReadOnlyList<AgreementCheck>? Agreements = null)
{
    /// <summary>The agreement checks (empty when the section has none).</summary>
    public IReadOnlyList<AgreementCheck> AgreementChecks => Agreements ?? [];
}
