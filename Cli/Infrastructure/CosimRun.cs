using MemristorSpice.Cosim;
using MemristorSpice.Network;
using Spectre.Console;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>One co-simulation as the CLI runs it (shared by <c>cosim</c> and <c>demo</c>): set up, run with progress and Ctrl-C, write, print.</summary>
internal sealed record CosimRun(string WeightsPath, string Dataset, int? Images, string Mode, string Backend, NonIdealities Settings,
    Shard Shard, int Threads, string? ScatterLayer, string OutDir, int NgspicePatches = 0)
{
    /// <summary>Exit code after Ctrl-C (128 + SIGINT).</summary>
    public const int Interrupted = 130;

    public int Execute(IAnsiConsole console)
    {
        var model = WeightsLoader.Load(WeightsPath);
        var test = DataSetOption.LoadTest(Dataset);
        var calibration = DataSetOption.LoadTrain(Dataset);
        int count = Math.Min(Images ?? test.Count, test.Count);
        ICrossbarBackend backend = Backend == "ideal" ? new IdealBackend() : new CircuitDcBackend(Settings);
        CosimSession session;
        try
        {
            session = new CosimSession(model, RunSettings.FileSha256(WeightsPath), Settings, backend, Mode, calibration, test, count);
        }
        catch (NonIdealitiesException ex) { throw new CliException($"--nonideal {ex.Message}"); }
        var (start, slice) = Shard.Range(count);
        console.MarkupLine(Markup.Escape($"{model.Name} ({WeightsPath}): {Mode} mode, {backend.Name} backend, images {start}..{start + slice - 1} " +
            $"of {count} (shard {Shard}), {Threads} thread(s); setup {session.SetupSeconds:F2} s" +
            (backend is CircuitDcBackend c ? $" ({c.TilesProgrammed} tiles generated, factored, transfer matrices extracted)" : "")));

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            var report = new ImageProgress(console).Run($"cosim {Shard}", progress => session.Run(Shard, Threads, progress, cancel.Token));
            cancel.Token.ThrowIfCancellationRequested();
            IReadOnlyList<NgspiceComparison>? ngspice = null;
            if (NgspicePatches > 0)
            {
                if (backend is not CircuitDcBackend native) throw new CliException("--ngspice-check needs --backend native (it compares our circuit engine with ngspice).");
                var exe = NgspiceProbe.Find() ?? throw new CliException("--ngspice-check: ngspice not found on PATH (run scripts/bootstrap).");
                var lib = Path.Combine(RepoPaths.Root ?? Environment.CurrentDirectory, "netlists", "lib", "devices.lib");
                if (!File.Exists(lib)) throw new CliException($"--ngspice-check: device library {lib} not found.");
                var (image, _) = session.Data.Batch(start, 1);
                console.WriteLine($"ngspice check: {NgspicePatches} patch(es) per tile of the first crossbar of every analog layer, image {start}");
                ngspice = new NgspiceCrossCheck(session.Controller, native, new Netlist.Ngspice.NgspiceRunner(exe.Path, TimeSpan.FromSeconds(60)), lib)
                    .Run(image, NgspicePatches, cancel.Token);
            }
            CosimOutput.Write(OutDir, report, ScatterLayer, ngspice);
            CosimOutput.Print(console, report);
            // Side by side: the ideal float network (batched, BN folded) on the same images in this process, same threads.
            var images = session.Data.Batch(start, slice).Images;
            double floatSeconds = FloatReference.Run(session.Network, new Dataset("slice", session.Data.Rows, session.Data.Cols, images.Data, new byte[images.N]), Threads).Seconds;
            console.WriteLine($"Ideal float network on the same {images.N} images in this process: {floatSeconds:F1} s; " +
                              $"co-simulation {report.Outcome.Seconds:F1} s = {report.Outcome.Seconds / floatSeconds:F1}x (setup {session.SetupSeconds:F1} s not included).");
            if (ngspice is not null) CosimOutput.PrintNgspice(console, ngspice);
            console.WriteLine($"Wrote {OutDir}/ (layers.csv, predictions.csv, scatter.csv, summary.json, shard.json, snr.png, scatter.png, confusion.png)");
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
}
