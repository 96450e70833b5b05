using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Ppa;
using MemristorSpice.Cosim.Reports;

namespace MemristorSpice.Cli.Commands.Report;

/// <summary>Everything <c>memspice report</c> was asked, bound and checked.</summary>
/// <param name="Images">Test images per model, as asked (the handler caps it at the test set's size).</param>
/// <param name="Circuit">Circuit non-idealities of every model's co-simulation (read voltage from the technology).</param>
/// <param name="TechPath">The <c>--tech</c> file, if any (repeated in the report's regenerate line).</param>
/// <param name="NonIdealPath">The <c>--nonideal</c> file, if any (repeated in the report's regenerate line).</param>
/// <param name="Ideal">True with <c>--ideal</c> (the ideal reference design; repeated in the regenerate line).</param>
/// <param name="ReadTimeSeconds">The design point's one read time for every layer, seconds; null ("settling"): each layer's measured settling.</param>
internal sealed record ReportSettings(IReadOnlyList<ModelFile> Models, int Images, Technology Technology, NonIdealities Circuit, int Threads,
    DataSetChoice Dataset, string OutDir, OutputTarget Target, string? TechPath, string? NonIdealPath, bool Ideal = false, double? ReadTimeSeconds = null)
{
    /// <summary>The command line that regenerates the report, with the image count actually used.</summary>
    public string RegenerateLine(int images) =>
        "memspice report --models " + string.Join(',', Models.Select(m => m.Name)) + $" --images {images}" +
        (TechPath is { } t ? $" --tech {t}" : "") + (NonIdealPath is { } n ? $" --nonideal {n}" : "") + (Ideal ? " --ideal" : "") + $" --out {OutDir}";
}
