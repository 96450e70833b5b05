namespace MemristorSpice.Benchmarks.Compare;

/// <summary>
/// Sizes and caps of one comparison run. <see cref="Full"/> is what docs/benchmarks.md is made from;
/// <see cref="Quick"/> uses small sizes only (a CI smoke run that catches a broken benchmark, not a measurement).
/// </summary>
public sealed record ComparisonOptions
{
    public required string OutputFolder { get; init; }
    public bool IsQuick { get; init; }
    public int[] CrossbarSizes { get; init; } = [16, 32, 64, 128, 256];
    public int[] CrossbarTransientSizes { get; init; } = [16, 32, 64, 128, 256];
    public int LadderStages { get; init; } = 1000;
    public int Memristors { get; init; } = 64;
    public int MemristorPeriods { get; init; } = 10;
    /// <summary>Test images of the co-simulation vs float row (all 10,000 in full mode: the co-simulation speed measurement).</summary>
    public int CosimImages { get; init; } = 10000;
    /// <summary>Interleaved float/co-simulation runs; the medians are reported.</summary>
    public int CosimRepeats { get; init; } = 3;
    /// <summary>Test images of the tran-vs-dc co-simulation row (all 10,000 in full mode).</summary>
    public int TranImages { get; init; } = 10000;
    public int GenerationRows { get; init; } = 128;
    public int GenerationOutputs { get; init; } = 64;
    /// <summary>Crossbar sizes N of the reader section's N × N decks; the whole-process comparison uses the last.</summary>
    public IReadOnlyList<int> ReaderSizes { get; init; } = [64, 128];
    public int ReaderRepeats { get; init; } = 3;
    /// <summary>Run only these sections (crossbar, transient, generation, cosim, tran, behavioral, noise, reader); null = all.</summary>
    public IReadOnlySet<string>? Only { get; init; }

    public static readonly IReadOnlyList<string> SectionNames = ["crossbar", "transient", "generation", "cosim", "tran", "behavioral", "noise", "reader", "programming"];

    public TimeSpan NgspiceCap { get; init; } = TimeSpan.FromSeconds(120);
    public string Ngspice { get; init; } = "ngspice";

    /// <summary>Name of the Markdown file written into <see cref="OutputFolder"/>.</summary>
    public string ReportFileName { get; init; } = "benchmarks.md";

    /// <summary>Sub-folder of <see cref="OutputFolder"/> for the PNG plots (relative links in the report).</summary>
    public string PlotFolder { get; init; } = "benchmarks";

    public static ComparisonOptions Full(string outputFolder) => new() { OutputFolder = outputFolder };

    public static ComparisonOptions Quick(string outputFolder) => new()
    {
        OutputFolder = outputFolder,
        IsQuick = true,
        CrossbarSizes = [8, 16, 24],
        CrossbarTransientSizes = [8, 16],
        LadderStages = 100,
        Memristors = 8,
        MemristorPeriods = 2,
        CosimImages = 20,
        CosimRepeats = 1,
        TranImages = 20,
        GenerationRows = 16,
        GenerationOutputs = 8,
        ReaderSizes = [16],
        ReaderRepeats = 1,
        NgspiceCap = TimeSpan.FromSeconds(30),
    };
}
