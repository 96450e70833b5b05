using System.CommandLine;
using System.Globalization;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cli.Output;
using MemristorSpice.Engine.Results;
using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Simulation;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands;

/// <summary><c>memspice simulate FILE.cir</c>: runs the analyses of a netlist with our engine or ngspice.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "SPICE netlist (ngspice dialect)." };
        var backend = BackendOption();
        var output = new Option<FileInfo?>("--out") { Description = "Write the result tables as CSV (one file per analysis when there are several)." };
        var plot = new Option<FileInfo?>("--plot") { Description = "Plot DC and TRAN results (AC: a Bode plot, dB and degrees vs log frequency) to a PNG file." };
        var signals = new Option<string?>("--signals") { Description = "Signals to keep, for example v(out),i(v1) (for .ac, v(out) keeps vdb(out) and vp(out)_deg). Default: all." };
        var (maxIncludeBytes, maxElements) = (MaxIncludeBytesOption(), MaxElementsOption());
        var maxPoints = MaxPointsOption();
        var force = OutputOptions.Force(folder: false);
        var command = new Command("simulate", "Run the .op/.dc/.tran/.ac analyses of a netlist and print, save or plot the results.")
        {
            file, backend, output, plot, signals, maxIncludeBytes, maxElements, maxPoints, force,
        };
        command.SetAction(parse =>
        {
            var selected = SignalSelection.Parse(parse.GetValue(signals));
            var csv = parse.GetValue(output);
            var png = parse.GetValue(plot);
            var csvTarget = OutputOptions.Target("simulate", parse.GetValue(force), parse.GetValue(file)!.FullName) with { Option = "--out" };
            var pngTarget = csvTarget with { Option = "--plot" };
            // Refused or unusable output paths are reported before the simulation runs.
            if (csv is not null) csvTarget.CheckFile(csv.ToString());
            if (png is not null) pngTarget.CheckFile(png.ToString());
            var result = Run(parse.GetValue(file)!, ParseBackend(parse.GetValue(backend)!), Limits(parse.GetValue(maxIncludeBytes), parse.GetValue(maxElements)),
                parse.GetValue(maxPoints));
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            // Files first: whatever the console does with the names, the results are on disk.
            var written = new List<string>();
            if (csv is not null) written.AddRange(ResultFiles.WriteCsv(result, csv.ToString(), selected, csvTarget));
            if (png is not null) written.AddRange(ResultFiles.WritePlots(result, png.ToString(), selected, pngTarget));
            Print(result, selected, console);
            foreach (var path in written) console.WriteLine(Terminal.Plain($"wrote {path}"));
            return 0;
        });
        return command;
    }

    internal static Option<string> BackendOption()
    {
        var option = new Option<string>("--backend") { Description = "Simulator: native (our engine) or ngspice.", DefaultValueFactory = _ => "native" };
        option.AcceptOnlyFromAmong("native", "ngspice");
        return option;
    }

    /// <summary>--max-points: the native engine's limit on stored points per analysis (transient time points, sweep points).</summary>
    internal static Option<int?> MaxPointsOption() => new Option<int?>("--max-points")
    {
        Description = "Most output points an analysis of the native engine stores (default 1,000,000; transient time steps are " +
                      "limited to 10 times this). A run that needs more stops with an error instead of exhausting memory.",
    }.InRange();

    internal static Backend ParseBackend(string text) => text == "ngspice" ? Backend.Ngspice : Backend.Native;

    /// <summary>Runs one backend; input and simulation problems become one-line user errors.</summary>
    /// <summary>--max-include-bytes: size limit of each netlist file; all text read may be four times that (at least 256 MiB).</summary>
    internal static Option<long> MaxIncludeBytesOption()
    {
        var option = new Option<long>("--max-include-bytes")
        {
            Description = "Largest netlist file read (the deck and each .include/.lib), in bytes; the total of all text read may be 4 times that. " +
                          "Default 67108864 (64 MiB; 256 MiB in all).",
            DefaultValueFactory = _ => ReaderLimits.Default.MaxFileBytes,
        };
        return option.InRange();
    }

    /// <summary>--max-elements: most elements after subcircuit flattening.</summary>
    internal static Option<long> MaxElementsOption()
    {
        var option = new Option<long>("--max-elements")
        {
            Description = "Most elements after subcircuit flattening (each instance's elements counted). Default 1000000.",
            DefaultValueFactory = _ => ReaderLimits.Default.MaxElements,
        };
        return option.InRange();
    }

    internal static ReaderLimits Limits(long maxIncludeBytes, long maxElements) =>
        ReaderLimits.WithFileBytes(maxIncludeBytes) with { MaxElements = maxElements };

    internal static SimulationResult Run(FileInfo file, Backend backend, ReaderLimits? limits = null, int? maxPoints = null, SimulationResult? replay = null)
    {
        try
        {
            return new SimulationRunner { Limits = limits ?? ReaderLimits.Default, MaxPoints = maxPoints }.RunFile(file.FullName, backend, replay);
        }
        catch (NetlistException ex)
        {
            throw new CliException(ex.Message);
        }
        catch (SimulationException ex)
        {
            throw new CliException($"{backend.ToString().ToLowerInvariant()} simulation of {file.Name}: {ex.Message}");
        }
    }

    /// <summary>The reader's and elaboration's warnings, one line each (simulate and compare print them first).</summary>
    internal static void PrintWarnings(SimulationResult result, IAnsiConsole console)
    {
        foreach (var w in result.Warnings) console.WriteLine(Terminal.Plain(w.ToString()));
    }

    private static void Print(SimulationResult result, IReadOnlyList<string> selected, IAnsiConsole console)
    {
        PrintWarnings(result, console);
        console.WriteLine(Terminal.Plain($"{result.Title}") + $" [{result.Backend.ToString().ToLowerInvariant()}, {result.Elapsed.TotalSeconds:F3} s]");
        foreach (var analysis in result.Analyses)
        {
            var table = analysis.Table;
            var names = SignalSelection.Select(table, selected);
            if (analysis.Kind == "ac")
            {
                PrintAc(analysis, selected, console);
                continue;
            }
            if (analysis.Kind == "noise")
            {
                PrintNoise(analysis, console);
                continue;
            }
            if (analysis.Kind is "op" or "tf")
            {
                // .tf: gain (V/V, or V/A from a current source), input and output resistance in Ohms, as ngspice names them.
                var grid = new Table().AddColumn("signal").AddColumn(new TableColumn("value").RightAligned());
                foreach (var n in names) grid.AddRow(Terminal.Escape(n), Number(table[n][0]));
                grid.Title = new TableTitle(Terminal.Escape(analysis.Label));
                console.Write(grid);
                continue;
            }
            var summary = new Table().AddColumn("signal").AddColumn(new TableColumn("min").RightAligned())
                .AddColumn(new TableColumn("max").RightAligned()).AddColumn(new TableColumn("last").RightAligned());
            summary.Title = new TableTitle($"{Terminal.Escape(analysis.Label)}: {table.Count} points of {Terminal.Escape(table.AxisName)}");
            foreach (var n in names) summary.AddRow(Terminal.Escape(n), Number(table[n].Min()), Number(table[n].Max()), Number(table[n][^1]));
            console.Write(summary);
        }
        PrintMeasurements(result, console);
    }

    /// <summary>The .meas results as ngspice names them: one row per measurement and analysis, failures with their reason.</summary>
    private static void PrintMeasurements(SimulationResult result, IAnsiConsole console)
    {
        var rows = result.Analyses.SelectMany(a => a.Measurements.Select(m => (Analysis: a, Result: m))).ToList();
        if (rows.Count == 0) return;
        var grid = new Table().AddColumn("measurement").AddColumn("analysis").AddColumn(new TableColumn("value").RightAligned()).AddColumn("note");
        grid.Title = new TableTitle(".meas results");
        foreach (var (analysis, m) in rows)
            grid.AddRow(Terminal.Escape(m.Name), Terminal.Escape(SimulationRunner.Describe(analysis.Analysis)),
                m.Value is { } v ? Number(v) : "failed", Terminal.Escape(m.Failure ?? ""));
        console.Write(grid);
    }

    private static void PrintAc(AnalysisResult analysis, IReadOnlyList<string> selected, IAnsiConsole console)
    {
        var table = analysis.Table;
        var grid = new Table().AddColumn("signal")
            .AddColumn(new TableColumn($"dB at {Number(table.Axis[0])} Hz").RightAligned())
            .AddColumn(new TableColumn("peak dB").RightAligned()).AddColumn(new TableColumn("peak at Hz").RightAligned())
            .AddColumn(new TableColumn("-3 dB at Hz").RightAligned()).AddColumn(new TableColumn("phase at -3 dB (deg)").RightAligned());
        grid.Title = new TableTitle($"{Terminal.Escape(analysis.Label)}: {table.Count} frequencies " +
                                    $"from {Number(table.Axis[0])} to {Number(table.Axis[^1])} Hz");
        foreach (var signal in SignalSelection.AcSignals(table, selected))
        {
            var s = AcSummary.Of(table, signal);
            grid.AddRow(Terminal.Escape(signal), Number(s.FirstDecibels), Number(s.PeakDecibels), Number(s.PeakHertz),
                s.CornerHertz is { } c ? Number(c) : "beyond sweep", s.CornerDegrees is { } d ? Number(d) : "-");
        }
        console.Write(grid);
    }

    /// <summary>.noise: both spectra (V/√Hz) at the first and last frequency and their peak, then the rms totals.</summary>
    private static void PrintNoise(AnalysisResult analysis, IAnsiConsole console)
    {
        var table = analysis.Table;
        var grid = new Table().AddColumn("result")
            .AddColumn(new TableColumn($"at {Number(table.Axis[0])} Hz").RightAligned())
            .AddColumn(new TableColumn($"at {Number(table.Axis[^1])} Hz").RightAligned())
            .AddColumn(new TableColumn("max").RightAligned());
        grid.Title = new TableTitle($"{Terminal.Escape(SimulationRunner.Describe(analysis.Analysis))}: {table.Count} frequencies (spectra in V/sqrt(Hz), totals rms)");
        foreach (var n in new[] { NoiseResult.OutputSpectrum, NoiseResult.InputSpectrum })
            grid.AddRow(n, Number(table[n][0]), Number(table[n][^1]), Number(table[n].Max()));
        foreach (var n in new[] { NoiseResult.OutputTotal, NoiseResult.InputTotal })
            grid.AddRow(n, "", "", Number(table[n][0]));
        console.Write(grid);
    }

    internal static string Number(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
