using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Ppa;

namespace MemristorSpice.Cli.Commands.Sweep;

/// <summary>A model of the sweep: its name and weights file.</summary>
internal sealed record SweepModelFile(string Name, string Path);

/// <summary>Everything <c>memspice sweep</c> was asked, bound and checked (every value valid for the parameter).</summary>
/// <param name="Circuit">Base non-idealities; the swept parameter overrides one field per point.</param>
/// <param name="Images">Test images per point, as asked (the handler caps it at the test set's size).</param>
internal sealed record SweepSettings(SweepParameter Parameter, IReadOnlyList<double> Values, IReadOnlyList<SweepModelFile> Models,
    int Seeds, int SeedBase, int Images, NonIdealities Circuit, Shard Shard, int Threads, string Dataset, string OutDir, OutputTarget Target);
