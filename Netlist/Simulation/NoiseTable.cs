using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Results;
using MemristorSpice.Netlist.Elaboration;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Simulation;

/// <summary>
/// The table of a .noise analysis, the same for both backends: axis "frequency" in Hz, onoise_spectrum and
/// inoise_spectrum (ngspice's noise1 plot, V/√Hz), and the totals onoise_total and inoise_total (ngspice's noise2
/// plot, rms) repeated on every row so that one table carries both plots and every comparison of tables covers them.
/// </summary>
internal static class NoiseTable
{
    /// <summary>Runs .noise with our engine on an elaborated circuit.</summary>
    internal static WaveformTable Native(ElaboratedNetlist built, NoiseAnalysis noise)
    {
        var result = new NoiseSmallSignal(built.Circuit, noise.Sweep, noise.OutputNode, noise.OutputReference, noise.InputSource, built.Options).Run();
        // With pts_per_summary N ngspice 39 keeps every N-th frequency (0, N, 2N, ...) in its spectrum plot; the
        // totals still integrate over every frequency.
        int every = noise.PointsPerSummary is > 0 and var n ? n : 1;
        double[] Keep(double[] column) => column.Where((_, k) => k % every == 0).ToArray();
        return Build(Keep(result.Frequencies), Keep(result.OutputDensity), Keep(result.InputDensity), result.OutputTotalRms, result.InputTotalRms);
    }

    /// <summary>
    /// Joins ngspice's spectrum plot and its one-point totals plot into the table. The batch raw file names the
    /// vectors v(onoise_spectrum) ... (they are written as voltages); with pts_per_summary noise2 also holds
    /// per-source totals, which are left out. With a current-source input the input-referred vectors are currents
    /// (A/√Hz, A rms) and the raw file names them i(inoise_spectrum), i(inoise_total).
    /// </summary>
    internal static WaveformTable FromNgspice(WaveformTable spectrum, WaveformTable totals) =>
        Build(spectrum.Axis, Column(spectrum, NoiseResult.OutputSpectrum), Column(spectrum, NoiseResult.InputSpectrum),
              Column(totals, NoiseResult.OutputTotal)[0], Column(totals, NoiseResult.InputTotal)[0]);

    private static double[] Column(WaveformTable table, string name) =>
        table.Contains(name) ? table[name] : table.Contains($"i({name})") ? table[$"i({name})"] : table[$"v({name})"];

    private static WaveformTable Build(double[] frequencies, double[] output, double[] input, double outputTotal, double inputTotal) =>
        new(AcColumns.Axis, frequencies,
        [
            new(NoiseResult.OutputSpectrum, output),
            new(NoiseResult.InputSpectrum, input),
            new(NoiseResult.OutputTotal, frequencies.Select(_ => outputTotal).ToArray()),
            new(NoiseResult.InputTotal, frequencies.Select(_ => inputTotal).ToArray()),
        ]);
}
