using System.Diagnostics;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Results;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Crossbar.Tests.Generation;

/// <summary>Random crossbars, the exact W·x + b, and OP runs of a tile in our engine and in ngspice.</summary>
internal static class GenerationFixtures
{
    public static string DeviceLibraryPath => Path.Combine(Dependencies.RepoRoot, "netlists", "lib", "devices.lib");

    /// <summary>Options whose .include names the repository's device library by absolute path (decks run in a temp folder).</summary>
    public static CrossbarOptions Options(CrossbarNonIdealities? nonIdealities = null) => new()
    {
        DeviceLibraryInclude = DeviceLibraryPath,
        NonIdealities = nonIdealities ?? CrossbarNonIdealities.None,
    };

    /// <summary>Weights uniform in [−1, 1] (bias row included), seeded.</summary>
    public static CrossbarMatrix RandomMatrix(int rows, int outputs, int seed)
    {
        var rng = new Random(seed);
        var v = new float[rows * outputs];
        for (int i = 0; i < v.Length; i++) v[i] = (float)(2 * rng.NextDouble() - 1);
        return new CrossbarMatrix(rows, outputs, v, null);
    }

    /// <summary>Inputs uniform in [0, 1] with the bias entry 1 last, seeded.</summary>
    public static float[] RandomPatch(int rows, int seed)
    {
        var rng = new Random(seed);
        var p = new float[rows];
        for (int i = 0; i < rows - 1; i++) p[i] = (float)rng.NextDouble();
        p[rows - 1] = 1f;
        return p;
    }

    /// <summary>Σ_r M[r, j]·patch[r] in double precision (the bias row times its entry 1).</summary>
    public static double[] Ideal(CrossbarMatrix m, ReadOnlySpan<float> patch)
    {
        var y = new double[m.Outputs];
        for (int r = 0; r < m.Rows; r++)
            for (int j = 0; j < m.Outputs; j++) y[j] += (double)m[r, j] * patch[r];
        return y;
    }

    /// <summary>Output voltages v(outJ) of one tile from our engine's operating point.</summary>
    public static double[] EngineOutputs(CrossbarTileLayout layout, CellElementKind cells = CellElementKind.Memristor)
    {
        var op = new OperatingPoint(CrossbarCircuitBuilder.Build(layout, cells)).Run();
        return layout.OutputSignals.Select(s => op[s]).ToArray();
    }

    /// <summary>Output voltages of the tile's netlist text run by ngspice (.op).</summary>
    public static double[] NgspiceOutputs(CrossbarTileLayout layout, out TimeSpan elapsed)
    {
        Dependencies.RequireNgspice();
        var result = new NgspiceRunner(timeout: TimeSpan.FromSeconds(120)).Run(CrossbarNetlistWriter.Write(layout));
        elapsed = result.Elapsed;
        var table = result.OperatingPoint.Table;
        return layout.OutputSignals.Select(s => table.Value(s, 0)).ToArray();
    }

    /// <summary>Runs a netlist file unchanged, in its own folder (so its relative .include resolves), and returns the OP values.</summary>
    public static WaveformTable RunInPlace(string deckPath)
    {
        var exe = Dependencies.RequireNgspice();
        var raw = Path.Combine(Path.GetTempPath(), $"gen-{Guid.NewGuid():N}.raw");
        try
        {
            var psi = new ProcessStartInfo(exe)
            {
                WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(deckPath))!,
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            foreach (var a in new[] { "-b", "-r", raw, Path.GetFileName(deckPath) }) psi.ArgumentList.Add(a);
            psi.Environment["SPICE_ASCIIRAWFILE"] = "1";
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException($"ngspice did not finish {deckPath} in 120 s"); }
            var output = stdout.Result + stderr.Result;
            var errors = NgspiceRunner.FindErrors(output);
            if (errors.Count > 0) throw new InvalidOperationException($"ngspice errors in {deckPath}: {string.Join(" | ", errors)}");
            return RawFile.Parse(File.ReadAllText(raw)).Single(pl => pl.IsOperatingPoint).Table;
        }
        finally
        {
            if (File.Exists(raw)) File.Delete(raw);
        }
    }

    /// <summary>Largest |a − b| / max(|b|, floor).</summary>
    public static double MaxRelativeError(IReadOnlyList<double> actual, IReadOnlyList<double> expected, double floor)
    {
        double worst = 0;
        for (int i = 0; i < expected.Count; i++)
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]) / Math.Max(Math.Abs(expected[i]), floor));
        return worst;
    }
}
