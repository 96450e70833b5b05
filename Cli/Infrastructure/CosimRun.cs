using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Network.Data;
using Spectre.Console;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>Runs a co-simulation as the CLI does (shared by <c>cosim</c> and <c>demo</c>): set up, run with progress and Ctrl-C, write, print.</summary>
internal sealed class CosimRun(IAnsiConsole console)
{
    /// <summary>Exit code after Ctrl-C (128 + SIGINT).</summary>
    public const int Interrupted = 130;

    private static T AnsiConsoleStatus<T>(IAnsiConsole console, string what, Func<T> work)
    {
        T result = default!;
        console.Status().Start($"{what} running...", _ => { result = work(); });
        return result;
    }

    public int Execute(CosimSettings s)
    {
        // Refused outputs are reported before the run, not after it.
        s.Target.CheckFolder(s.OutDir);
        var model = WeightsLoader.Load(s.WeightsPath);
        var test = DataSetOption.LoadTest(s.Dataset);
        var calibration = DataSetOption.LoadTrain(s.Dataset);
        DataSetOption.RequireFits(model, s.WeightsPath, s.Dataset, test);
        DataSetOption.RequireNonNegative(s.Dataset, test, "cosim", s.Circuit.DacPolarity);
        int count = Math.Min(s.Images ?? test.Count, test.Count);
        CosimSession session;
        ICrossbarBackend backend;
        var tran = s.Tran;
        try
        {
            // The settling read time: every layer's settling on the calibration images, measured once before its tiles are programmed.
            if (tran is { NeedsSettling: true })
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                (tran, var measured) = AnsiConsoleStatus(console, "settling measurement",
                    () => SettlingReadTime.Resolve(model, s.Circuit, tran, calibration, s.Threads));
                console.WriteLine(Terminal.Plain($"read time source: {SettlingReadTime.Source} (0.5 LSB on the worst column over the first " +
                    $"{SettlingReadTime.Images} calibration images, rounded up to {SettlingReadTime.GridSeconds * 1e9:G3} ns; {watch.Elapsed.TotalSeconds:F1} s): " +
                    string.Join(", ", measured!.Select(m => $"{m.Layer} {tran.ReadTimeFor(m.Layer) * 1e6:G4} µs (measured {m.Seconds * 1e6:F3})"))));
            }
            backend = s.Backend == CosimBackend.Ideal ? new IdealBackend()
                : tran is not null ? new TranBackend(s.Circuit, tran) { Threads = s.Threads }
                : new CircuitDcBackend(s.Circuit) { Programmed = LoadProgrammed(s.ProgrammedDir) };
            session = new CosimSession(model, RunSettings.FileSha256(s.WeightsPath), s.Circuit, backend, s.Mode.Name(), calibration, test, count, tran);
        }
        catch (NonIdealitiesException ex) { throw new CliException($"--nonideal {ex.Message}"); }
        catch (InvalidOperationException ex) when (s.ProgrammedDir is not null) { throw new CliException($"--programmed: {Terminal.Plain(ex.Message)}"); }
        if ((backend as CircuitDcBackend)?.Programmed is { } states)
            console.WriteLine($"Programmed states ({Terminal.Plain(s.ProgrammedDir)}): {states.Applied} of {states.Count} listed cells applied; every other cell keeps its mapped conductance.");
        s = s with { Tran = tran };
        var (start, slice) = s.Shard.Range(count);
        console.MarkupLine(Terminal.Escape($"{model.Name} ({s.WeightsPath}): {s.Mode.Name()} mode, {backend.Name} backend, images {start}..{start + slice - 1} " +
            $"of {count} (shard {s.Shard}), {s.Threads} thread(s); setup {session.SetupSeconds:F2} s" +
            (backend is CircuitDcBackend c ? $" ({c.TilesProgrammed} tiles generated, factored, transfer matrices extracted)" : "") +
            (backend is TranBackend tb ? $" ({tb.Readers.Count} tiles generated, DC and transient companion circuits factored; read slot {ReadSlots(s.Tran!)}, " +
                $"{s.Tran!.StepsPerSlot} steps per slot; " + TranSolverSummary(tb) + ")" : "")));
        if (backend is TranBackend fallback)
            foreach (var reason in fallback.Readers.Where(r => r.FullSolverReason is not null && s.Tran!.Solver != TranSolver.Full)
                         .GroupBy(r => r.FullSolverReason!))
                console.WriteLine($"Warning: tran: {reason.Count()} tile(s) read by the full solver (slow: every patch integrated step by step): {Terminal.Plain(reason.Key)}.");

        if ((backend as CircuitDcBackend ?? (backend as TranBackend)?.Dc) is { } circuitBackend)
            foreach (var (layer, worst, margin) in Cosim.Stability.NetworkStability.BelowMargin(session.Controller, circuitBackend))
                console.WriteLine(Terminal.Plain($"Warning: readout of {layer}: TIA phase margin {margin.PhaseMarginDegrees:F1}° < {Cosim.Stability.NetworkStability.WarningPhaseMarginDegrees:G3}° " +
                    $"on {worst.TileId}/{worst.Column} (ΣG {worst.ConductanceSiemens:G3} S, C {worst.CapacitanceFarads:G3} F, crossover {margin.CrossoverHz:G3} Hz): " +
                    "its reads ring; 'memspice stability' recommends a feedback capacitor."));

        if (s.Tran is not null && s.Circuit.OpAmpGbwHz is null && s.Circuit.WireCapacitanceFarads == 0)
            console.WriteLine("Note: no op-amp GBW (--gbw / opAmp.gbwHz) and no wire capacitance (--wire-farads): only the devices' own dynamics can act, " +
                              "so the tran reads equal the dc reads unless the cells' states move.");

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            var report = new ImageProgress(console).Run($"cosim {s.Shard}", progress => session.Run(s.Shard, s.Threads, progress, cancel.Token));
            cancel.Token.ThrowIfCancellationRequested();
            NgspiceCheckReport? ngspice = null;
            NgspiceBackendCheck? checker = null;
            string? checkLibrary = null;
            var (firstImage, _) = session.Data.Batch(0, 1);
            // ngspice compares image 0 of the selection, so it runs in shard 1 only; merge copies its ngspice.csv.
            if (s.NgspiceCheckPatches > 0 && s.Shard.Index == 1)
            {
                var native = backend as CircuitDcBackend ?? (backend as TranBackend)?.Dc
                    ?? throw new CliException("--backend ngspice / --ngspice-check need our circuit engine (not --backend ideal).");
                var exe = NgspiceProbe.Find() ?? throw new CliException("ngspice check (--ngspice-check / --backend ngspice): ngspice not found on PATH (run scripts/bootstrap).");
                var lib = Path.Combine(RepoPaths.Root ?? Environment.CurrentDirectory, "netlists", "lib", "devices.lib");
                if (!File.Exists(lib)) throw new CliException($"ngspice check (--ngspice-check / --backend ngspice): device library {lib} not found.");
                console.WriteLine($"ngspice ({s.Mode.Name()}): {s.NgspiceCheckPatches} patch(es) per tile, every tile of every analog layer, image 0 of the selection; " +
                                  $"budget {s.NgspiceBudgetSeconds:G4} s");
                var check = new NgspiceBackendCheck(session.Controller, native, backend as TranBackend,
                    new Netlist.Ngspice.NgspiceRunner(exe.Path, TimeSpan.FromSeconds(s.NgspiceBudgetSeconds)), lib) { BudgetSeconds = s.NgspiceBudgetSeconds };
                ngspice = AnsiConsoleStatus(console, "ngspice", () => check.Run(firstImage, s.NgspiceCheckPatches, cancel.Token));
                (checker, checkLibrary) = (check, lib);
            }
            IReadOnlyList<SettlingCurve>? settling = null;
            if (backend is TranBackend tranBackend)
                settling = new TranSettling(session.Controller, tranBackend).Run(firstImage, cancel.Token);
            CosimOutput.Write(s.OutDir, s.Target, report, s.ScatterLayer, ngspice?.Rows, settling, s.Tran, settings: s.Circuit,
                ngspiceDecks: checker?.Runs, deviceLibrary: checkLibrary);
            CosimOutput.Print(console, report);
            if (backend is TranBackend tb2) CosimOutput.PrintTran(console, session.Controller, tb2, settling!);
            // Side by side: the ideal float network (batched, BN folded) on the same images in this process, same threads.
            var images = session.Data.Batch(start, slice).Images;
            double floatSeconds = FloatReference.Run(session.Network, new Dataset("slice", session.Data.Channels, session.Data.Rows, session.Data.Cols, images.Data, new byte[images.N], null, null), s.Threads).Seconds;
            console.WriteLine($"Ideal float network on the same {images.N} images in this process: {floatSeconds:F1} s; " +
                              $"co-simulation {report.Outcome.Seconds:F1} s = {report.Outcome.Seconds / floatSeconds:F1}x (setup {session.SetupSeconds:F1} s not included)." +
                              // Below a few thousand images the first-call (JIT) cost of the co-simulation path dominates the ratio.
                              (images.N < 2000 ? " Short runs overstate the ratio (first-call JIT cost); docs/benchmarks.md has the 10,000-image figure." : ""));
            if (ngspice is not null)
            {
                CosimOutput.PrintNgspice(console, ngspice);
                console.WriteLine("The run's accuracy and layers.csv come from our engine's reads; ngspice is the independent check above.");
            }
            console.WriteLine($"Wrote {s.OutDir}/ (layers.csv, predictions.csv, scatter.csv, summary.json, shard.json, snr.png, scatter.png, confusion.png" +
                (settling is null ? "" : ", settling.csv, settling.png") + (ngspice is null ? "" : $", ngspice.csv, {CosimOutput.NgspiceFolder}/ with every deck ngspice ran, its log (.out) and raw file (.raw)") + ")");
            return 0;
        }
        catch (OperationCanceledException)
        {
            console.WriteLine("Interrupted: nothing was written.");
            return Interrupted;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static Cosim.Programming.ProgrammedStates? LoadProgrammed(string? directory)
    {
        if (directory is null) return null;
        try { return Cosim.Programming.ProgrammedStates.Load(directory); }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        { throw new CliException($"--programmed: {Terminal.Plain(ex.Message)}"); }
    }

    /// <summary>The read slot: one time, or each layer's (measured settling).</summary>
    internal static string ReadSlots(TranOptions tran) => tran.LayerReadTimeSeconds is { } perLayer
        ? "per layer " + string.Join(", ", perLayer.Select(p => $"{p.Key} {p.Value:G4} s"))
        : $"{tran.ReadTimeSeconds:G4} s";

    /// <summary>How the tran tiles are read: superposition (with the largest tap count) and/or the full solver.</summary>
    private static string TranSolverSummary(TranBackend backend)
    {
        var readers = backend.Readers;
        int superposed = readers.Count(r => r.SettlingTaps is not null);
        int taps = readers.Where(r => r.SettlingTaps is not null).Select(r => r.SettlingTaps!.Count).DefaultIfEmpty(0).Max();
        return $"{superposed} tile(s) read by superposition of step responses (up to {taps} settling tap(s)), {readers.Count - superposed} by the full solver " +
               $"(pulse trains of {backend.Options.ChunkPatches} patches)";
    }
}
