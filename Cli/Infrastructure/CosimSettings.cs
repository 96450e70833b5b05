using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Reports;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>How every tile read is simulated (<c>--mode dc|tran</c>).</summary>
internal enum CosimMode
{
    /// <summary>Each read is a DC operating point of the tile circuit (linear read mode).</summary>
    Dc,

    /// <summary>Each patch is one slot of a pulse train; the outputs are sampled at the end of the slot.</summary>
    Tran,
}

/// <summary>
/// What computes the run's crossbar reads (<c>--backend native|ideal</c>). ngspice is not one of them: it only
/// cross-checks a few patches (<see cref="CosimSettings.NgspiceCheckPatches"/>), whatever <c>--backend</c> says.
/// </summary>
internal enum CosimBackend
{
    /// <summary>Our circuit engine on the generated tile circuits.</summary>
    Native,

    /// <summary>Exact Σ w·V in double precision, no circuit (dc only; only the converters act).</summary>
    Ideal,
}

/// <summary>Command-line spellings of the co-simulation enums.</summary>
internal static class CosimNames
{
    /// <summary>The spelling of a mode on the command line and in outputs: dc or tran.</summary>
    public static string Name(this CosimMode mode) => mode == CosimMode.Tran ? "tran" : "dc";
}

/// <summary>One co-simulation as <c>cosim</c> and <c>demo</c> run it, bound and checked; <see cref="CosimRun"/> executes it.</summary>
/// <param name="Circuit">Non-idealities of the circuits and converters (JSON file plus command-line overrides).</param>
/// <param name="NgspiceCheckPatches">Patches per tile that ngspice also runs, for every tile of every analog layer (0: no check).</param>
/// <param name="NgspiceBudgetSeconds">Wall-time budget of the ngspice check, seconds; tiles left when it is used up are reported as not run.</param>
/// <param name="Tran">Pulse-train timing; set exactly when <paramref name="Mode"/> is tran.</param>
/// <param name="ProgrammedDir">Folder of a <c>memspice program</c> run whose programmed conductances the native dc tiles use; null = the mapping.</param>
internal sealed record CosimSettings(string WeightsPath, DataSetChoice Dataset, int? Images, CosimMode Mode, CosimBackend Backend, NonIdealities Circuit,
    Shard Shard, int Threads, string? ScatterLayer, string OutDir, OutputTarget Target, int NgspiceCheckPatches = 0, TranOptions? Tran = null,
    double NgspiceBudgetSeconds = NgspiceBackendCheck.DefaultBudgetSeconds, string? ProgrammedDir = null);
