using MemristorSpice.Benchmarks.Circuits;
using MemristorSpice.Benchmarks.Compare;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Benchmarks.Tests;

/// <summary>
/// The CI smoke run of the benchmark suite: `compare --quick` in process must complete and produce every table and
/// plot. Times are never judged here (the machine may be loaded); only that each benchmark still runs and that our
/// engine and ngspice still agree on what they computed, within the tolerances of
/// <see cref="CrossbarSection.AgreementRule"/> (rounding only for the linear OP, 2 % of the output's peak for the
/// transient, whose two engines pick their own time points).
/// </summary>
public class QuickCompareTests
{
    [Fact]
    public void QuickCompareProducesAllTablesAndPlots()
    {
        var ngspice = Dependencies.RequireNgspice();
        Dependencies.RequireMnist();   // the co-simulation row reads data/mnist

        var folder = Directory.CreateTempSubdirectory("bench-quick-").FullName;
        try
        {
            var options = ComparisonOptions.Quick(folder) with { Ngspice = ngspice };
            var outcome = CompareRunner.Run(options, TextWriter.Null);

            var report = File.ReadAllText(outcome.ReportPath);
            var tables = outcome.Sections.SelectMany(s => s.Tables).ToList();
            Assert.Contains(tables, t => t.Title.StartsWith("Crossbar OP", StringComparison.Ordinal));
            Assert.Contains(tables, t => t.Title.StartsWith("Crossbar transient", StringComparison.Ordinal));
            Assert.Contains(tables, t => t.Title.StartsWith("Transients", StringComparison.Ordinal));
            Assert.Contains(tables, t => t.Title.StartsWith("Generated crossbar tile", StringComparison.Ordinal));
            var breakdown = tables.Single(t => t.Title == "Where our time goes");
            // Co-simulation vs float: one row, both runs classified the same 20 images, the breakdown has every stage.
            var cosim = tables.Single(t => t.Title == CosimSection.Title);
            var cosimRow = cosim.Rows.Single();
            Assert.Equal("20", cosimRow[0]);
            foreach (var column in new[] { "float (s)", "co-simulation (s)", "peak RSS (MB)" })
                Assert.True(double.Parse(cosimRow[cosim.Headers.ToList().IndexOf(column)], System.Globalization.CultureInfo.InvariantCulture) > 0, column);
            var cosimBreakdown = tables.Single(t => t.Title.StartsWith("Where the co-simulation time goes", StringComparison.Ordinal));
            Assert.Contains(cosimBreakdown.Rows, r => r[0] == "analog path: conv1");
            Assert.Contains(cosimBreakdown.Rows, r => r[0] == "ideal float network (reference)");
            // Tran co-simulation vs dc: dc, a tenth of the images in tran, all images in tran; one tile row per tile size.
            var tran = tables.Single(t => t.Title == TranCosimSection.Title);
            Assert.Equal(["dc", "tran", "tran"], tran.Rows.Select(r => r[0]));
            var tranTiles = tables.Single(t => t.Title.StartsWith("Tran step responses", StringComparison.Ordinal));
            Assert.NotEmpty(tranTiles.Rows);
            // Noisy vs noiseless dc: both runs classified the same images, so the row has both times.
            var noise = tables.Single(t => t.Title == NoiseCosimSection.Title);
            Assert.NotEmpty(noise.Rows);
            // Reader throughput: one row per deck size; the whole-process row has an ngspice time (the Cli build may be absent).
            var reader = tables.Single(t => t.Title == ReaderSection.Title);
            Assert.Equal(options.ReaderSizes.Count, reader.Rows.Count);
            Assert.True(double.Parse(reader.Rows[0][reader.Headers.ToList().IndexOf("MB/s")], System.Globalization.CultureInfo.InvariantCulture) > 0);
            var whole = tables.Single(t => t.Title.StartsWith("Whole process", StringComparison.Ordinal));
            Assert.True(double.TryParse(whole.Rows.Single()[2], System.Globalization.CultureInfo.InvariantCulture, out _), $"ngspice cell '{whole.Rows.Single()[2]}'");
            // Programming: reduced solver and engine path for 0T1R and 1T1R (the engine path is the reference, not ngspice).
            var programming = tables.Single(t => t.Title == ProgrammingSection.Title);
            Assert.Equal(4, programming.Rows.Count);
            // Tables without a row in the engine's time breakdown.
            var cosimTables = new[] { breakdown, cosim, cosimBreakdown, tran, tranTiles, noise, reader, whole, programming };
            var engineTables = tables.Where(t => !cosimTables.Contains(t)).ToList();
            foreach (var t in tables)
            {
                Assert.Contains("## " + t.Title, report);
                Assert.NotEmpty(t.Rows);
            }
            Assert.Equal(options.CrossbarSizes.Length, tables.Single(t => t.Title.StartsWith("Crossbar OP", StringComparison.Ordinal)).Rows.Count);
            Assert.Equal(options.CrossbarTransientSizes.Length, tables.Single(t => t.Title.StartsWith("Crossbar transient", StringComparison.Ordinal)).Rows.Count);
            Assert.Contains("## Machine", report);
            Assert.Contains("## " + BehavioralSection.Title, report);
            Assert.Contains("load average", report);

            // One time breakdown per measured run of our engine.
            Assert.Equal(engineTables.Sum(t => t.Rows.Count), breakdown.Rows.Count);

            // Every row got an ngspice time (quick sizes are far below the cap), so the comparison really ran.
            foreach (var t in engineTables)
            {
                int ng = t.Headers.ToList().IndexOf("ngspice (s)");
                Assert.True(ng >= 0, $"{t.Title} has no ngspice column");
                Assert.All(t.Rows, r => Assert.True(double.TryParse(r[ng], System.Globalization.CultureInfo.InvariantCulture, out _), $"{t.Title}: ngspice cell '{r[ng]}'"));
            }

            // ... and the two engines agree: one check per crossbar run, each compared (not capped) and within tolerance.
            // Plus one reduced-vs-engine programming check per cell kind.
            AssertEnginesAgree(outcome, options.CrossbarSizes.Length + options.CrossbarTransientSizes.Length + 2);
            Assert.Contains("## Engine agreement: passed", report);

            Assert.NotEmpty(outcome.PlotPaths);
            foreach (var png in outcome.PlotPaths)
            {
                Assert.True(File.Exists(png), png);
                Assert.True(new FileInfo(png).Length > 1000, $"{png} is suspiciously small");
                Assert.Contains(Path.GetFileName(png), report);
            }
            Assert.Empty(Directory.EnumerateFiles(folder, "*.tmp", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Every agreement check of the run was compared and holds (tolerances: <see cref="CrossbarSection.AgreementRule"/>).</summary>
    private static void AssertEnginesAgree(CompareOutcome outcome, int expectedChecks)
    {
        Assert.Equal(expectedChecks, outcome.Agreements.Count);
        Assert.All(outcome.Agreements, a =>
        {
            Assert.True(a.Difference is not null, $"{a.Run}: not compared with ngspice");
            Assert.True(a.Tolerance > 0, $"{a.Run}: zero tolerance (ngspice output all zero?)");
            Assert.True(a.Holds == true, $"{a.Run}: engines differ by {a.Difference:G3} {a.Unit}, tolerance {a.Tolerance:G3} {a.Unit}");
        });
        Assert.Empty(outcome.Disagreements);
    }

    /// <summary>The crossbar section alone at small sizes (fast, no MNIST): our engine and ngspice agree on every run.</summary>
    [Fact]
    public void CrossbarEnginesAgreeWithinTheStatedTolerance()
    {
        var ngspice = Dependencies.RequireNgspice();
        var folder = Directory.CreateTempSubdirectory("bench-crossbar-").FullName;
        try
        {
            var options = ComparisonOptions.Quick(folder) with
            {
                Ngspice = ngspice, Only = new HashSet<string> { "crossbar" }, CrossbarSizes = [4, 12], CrossbarTransientSizes = [4, 12],
            };
            var outcome = CompareRunner.Run(options, TextWriter.Null);
            AssertEnginesAgree(outcome, 4);
            Assert.Contains("## Engine agreement: passed", File.ReadAllText(outcome.ReportPath));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A difference above its tolerance is a disagreement, and a run with one has failed; not compared is neither.</summary>
    [Fact]
    public void DifferenceAboveToleranceFailsTheRun()
    {
        var table = new ResultTable("t", "d", "h");
        SectionResult Section(params AgreementCheck[] a) => new([table], [], [], a);
        var outcome = new CompareOutcome("r.md", [], [Section(new AgreementCheck("ok", 1e-7, 1e-6, "V"), new AgreementCheck("capped", null, 1e-6, "V")), Section(new AgreementCheck("bad", 2e-6, 1e-6, "V"))]);
        Assert.Equal(["bad"], outcome.Disagreements.Select(d => d.Run));
        Assert.Equal([true, null, false], outcome.Agreements.Select(a => a.Holds));
    }

    [Fact]
    public void LogLogFitRecoversAPowerLaw()
    {
        var points = new[] { 16.0, 32, 64, 128 }.Select(n => (n, 3e-6 * Math.Pow(n, 2.5))).ToList();
        var fit = LogLogFit.Of(points)!.Value;
        Assert.Equal(2.5, fit.Slope, 9);
        Assert.Equal(3e-6 * Math.Pow(100, 2.5), fit.At(100), 9);
        Assert.Null(LogLogFit.Of([(16.0, 1.0)]));
    }

    [Fact]
    public void CrossbarMatrixMatchesTheCircuitSolution()
    {
        // The solver micro-benchmark's matrix is the crossbar of the end-to-end run: same column-output voltages.
        const int n = 6;
        var m = new CrossbarMatrix(n);
        var lu = new MemristorSpice.Engine.Solver.SparseLu(m.Order, m.ColPtr, m.RowIdx);
        Assert.True(lu.Factor(m.Values));
        var x = (double[])m.Rhs.Clone();
        lu.Solve(x);
        var bench = new CrossbarCase(n, false);
        var op = new MemristorSpice.Engine.Analyses.OperatingPoint(bench.Circuit()).Run();
        for (int j = 1; j <= n; j++)
        {
            double ours = x[n * n + (j - 1) * (n + 1) + n];
            Assert.Equal(op[$"v({bench.OutputNode(j)})"], ours, 12);
        }
    }
}
