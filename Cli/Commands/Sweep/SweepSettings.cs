using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Ppa;
using MemristorSpice.Cosim.Reports;

namespace MemristorSpice.Cli.Commands.Sweep;

/// <summary>Everything <c>memspice sweep</c> was asked, bound and checked (every value valid for the parameter).</summary>
/// <param name="Circuit">Base non-idealities; the swept parameter overrides one field per point.</param>
/// <param name="Images">Test images per point, as asked (the handler caps it at the test set's size).</param>
internal sealed record SweepSettings(SweepParameter Parameter, IReadOnlyList<double> Values, IReadOnlyList<ModelFile> Models,
    int Seeds, int SeedBase, int Images, NonIdealities Circuit, Shard Shard, int Threads, DataSetChoice Dataset, string OutDir, OutputTarget Target,
    bool PerLayer = false)
{
    /// <summary>Base read timing (read time of every point unless read-time is swept; steps per slot in tran mode).</summary>
    public TranOptions Tran { get; init; } = new();

    /// <summary>Technology of the read voltage, the default read time and the latency and energy per image.</summary>
    public Technology Technology { get; init; } = TechnologyFile.Default();
}
