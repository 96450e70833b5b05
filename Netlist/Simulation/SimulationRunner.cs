using System.Diagnostics;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;
using MemristorSpice.Netlist.Elaboration;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.NativeDevices;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Writing;

namespace MemristorSpice.Netlist.Simulation;

/// <summary>
/// Runs the analyses of a netlist with our engine or with ngspice and returns one table per analysis, in
/// the order of the netlist. Bad input raises <see cref="Diagnostics.NetlistException"/>; a failed
/// simulation raises <see cref="SimulationException"/>.
/// </summary>
public sealed class SimulationRunner
{
    /// <summary>Native devices that replace subcircuits of the same name.</summary>
    public INativeDeviceRegistry Registry { get; init; } = NativeDeviceRegistry.Empty;
    /// <summary>How ngspice is started for the ngspice backend.</summary>
    public NgspiceRunner Ngspice { get; init; } = new();

    /// <summary>Output point limit of the native engine's analyses (the --max-points option); null keeps the engine's default.</summary>
    public int? MaxPoints { get; init; }


    /// <summary>Bounds for reading the netlist (file sizes, includes, flattened size).</summary>
    public ReaderLimits Limits { get; init; } = ReaderLimits.Default;

    /// <summary>
    /// Reads the file once; the native engine simulates the circuit read, ngspice runs the deck written from the
    /// same reading (<see cref="NgspiceDeck.ForScriptRun"/>) with a control script of our own, never the file itself.
    /// </summary>
    public SimulationResult RunFile(string path, Backend backend) => RunFile(path, backend, null);

    /// <summary>
    /// As <see cref="RunFile(string, Backend)"/>; for ngspice, <paramref name="replay"/> (a native result of the same
    /// file) gives the sequence of analyses and .control changes to run, so that both sides pair one to one.
    /// Without it the .control blocks are interpreted without simulating (a block that reads results then needs a
    /// native run).
    /// </summary>
    public SimulationResult RunFile(string path, Backend backend, SimulationResult? replay)
    {
        var read = new NetlistReader { Registry = Registry, Limits = Limits }.Read(path);
        if (backend == Backend.Native) return RunNative(read);
        Func<Analysis, string> measurementDeck = analysis => NgspiceDeck.WithNativeSubcircuits(NgspiceDeck.ForMeasurements(read, analysis), read.Circuit, Registry);
        // ngspice writes a noise analysis as two plots (spectra, integrated totals): a deck with .noise and no .control
        // analyses runs as a batch deck, in netlist order; a script run writes both plots of each noise command.
        if (read.Circuit.Analyses.Any(a => a is NoiseAnalysis) && read.Control is not { RunsAnalyses: true })
            return RunNgspice(read, NgspiceDeck.WithNativeSubcircuits(NgspiceDeck.ForBatchRun(read), read.Circuit, Registry), measurementDeck);
        var (runs, script) = replay is { Backend: Backend.Native }
            ? (replay.Analyses.Select(a => (a.PlotName, a.Analysis, a.Location, a.Changes)).ToList(), replay.NgspiceScript)
            : Plan(read, null, out _);
        return RunNgspiceScript(read, NgspiceDeck.WithNativeSubcircuits(NgspiceDeck.ForScriptRun(read), read.Circuit, Registry), runs, script, measurementDeck);
    }

    /// <summary>Runs a circuit held in memory; ngspice gets the text <see cref="NetlistWriter.Write"/> produces.</summary>
    public SimulationResult Run(NetlistCircuit circuit, Backend backend)
    {
        var read = new ReadResult(circuit, []);
        return backend == Backend.Native ? RunNative(read) : RunNgspice(read, NetlistWriter.Write(circuit));
    }

    /// <summary>
    /// What runs, in order: the .control blocks' analyses when they run any, otherwise the dot analyses; each with
    /// its ngspice plot name. <paramref name="simulate"/> runs one analysis (null: plan only, nothing simulated).
    /// </summary>
    private static (List<(string Name, Analysis Analysis, Diagnostics.SourceLocation Location, string Changes)> Runs, IReadOnlyList<NgspiceCommand> Script) Plan(
        ReadResult read, Func<NetlistCircuit, Analysis, Diagnostics.SourceLocation, WaveformTable>? simulate, out List<WaveformTable?> tables,
        List<Diagnostics.Diagnostic>? warnings = null, Func<WaveformTable, AcResult?>? phasors = null)
    {
        var circuit = read.Circuit;
        tables = [];
        if (read.Control is { RunsAnalyses: true } program)
        {
            var interpreter = new Control.ControlInterpreter(circuit, program, (c, a, at) => simulate?.Invoke(c, a, at), read.ControlParameters)
            {
                Measurement = simulate is null ? null : MeasureOnPlot,
                Phasors = phasors,
            };
            interpreter.Execute();
            warnings?.AddRange(interpreter.Warnings);
            if (interpreter.Runs.Count == 0) throw NoAnalysis(read);
            tables.AddRange(interpreter.Runs.Select(r => r.Table));
            return (interpreter.Runs.Select(r => (r.PlotName, r.Analysis, r.Location, r.Altered)).ToList(), interpreter.Script);
        }
        if (circuit.Analyses.Count == 0) throw NoAnalysis(read);
        var names = new Control.PlotNamer();
        var runs = new List<(string, Analysis, Diagnostics.SourceLocation, string)>();
        var script = new List<NgspiceCommand>();
        foreach (var analysis in circuit.Analyses)
        {
            tables.Add(simulate?.Invoke(circuit, analysis, Diagnostics.SourceLocation.None));
            runs.Add((names.Next(AnalysisResult.KindOf(analysis)), analysis, Diagnostics.SourceLocation.None, ""));
            if (analysis is NoiseAnalysis) names.Next("noise"); // its totals plot takes the next name, as in ngspice
            script.Add(new NgspiceAnalysisCommand(analysis));
        }
        return (runs, script);
    }

    /// <summary>
    /// A control block's meas command on the current plot: the same reader and evaluator as .meas lines. A function we
    /// do not evaluate (PARAM, ERR) defines no value, as a measurement that fails in ngspice.
    /// </summary>
    private static double? MeasureOnPlot(Reading.Statement statement, WaveformTable table, AcResult? phasors, Analysis analysis)
    {
        Measurements.Measurement measurement;
        try
        {
            measurement = Measurements.MeasurementReader.Read(new CardReader(statement, new ParameterScope()), statement.Location);
        }
        catch (Measurements.UnsupportedMeasurementException)
        {
            return null;
        }
        return Measurements.MeasurementEvaluator.Evaluate(new AnalysisResult(analysis, table) { Ac = phasors }, measurement).Value;
    }

    /// <summary>The located error of a deck without an analysis we run, naming every line that asked for one we do not.</summary>
    private static Diagnostics.NetlistException NoAnalysis(ReadResult read)
    {
        var errors = new List<Diagnostics.Diagnostic>
        {
            new(Diagnostics.Severity.Error, read.DeckLocation, "", "the netlist has no analysis (.op, .dc, .tran, .ac, .noise or .tf, or op dc tran ac tf run in a .control block)",
                "add an analysis line, e.g. .op or .tran 1n 1u"),
        };
        foreach (var (keyword, location) in read.UnsupportedAnalyses)
            errors.Add(new(Diagnostics.Severity.Error, location, keyword, $"{keyword} is not an analysis our engine runs", "use .op, .dc, .tran, .ac, .noise or .tf"));
        foreach (var block in read.Control?.Blocks ?? [])
            errors.Add(new(Diagnostics.Severity.Error, block, ".control", ".control block runs no analysis", "add op, dc, tran, ac, tf or run to it"));
        return new Diagnostics.NetlistException(errors);
    }

    private SimulationResult RunNative(ReadResult read)
    {
        var watch = Stopwatch.StartNew();
        var netlist = read.Circuit;
        var elaborator = new Elaborator(Registry) { MaxPoints = MaxPoints };
        var warnings = read.Warnings.ToList();
        bool first = true;
        // AC phasors of each native table, for .meas on vdb/vp/...: keyed by the table the run returned.
        var phasors = new Dictionary<WaveformTable, AcResult>(ReferenceEqualityComparer.Instance);
        var (runs, script) = Plan(read, (circuit, analysis, at) =>
        {
            // A fresh circuit per analysis: analyses keep per-run state in their behaviors only, but sources can be overridden.
            var built = elaborator.Elaborate(circuit);
            if (first) warnings.AddRange(built.Warnings);
            first = false;
            try
            {
                if (analysis is Model.AcAnalysis acAnalysis)
                {
                    var ac = RunAc(acAnalysis, built);
                    var acTable = ac.ToTable();
                    phasors[acTable] = ac;
                    return acTable;
                }
                return analysis switch
                {
                    DcAnalysis dc when dc.Sweeps.Any(s => s.RebuildsCircuit(circuit)) => ParametricDcSweep.Run(circuit, dc, elaborator),
                    TransferFunctionAnalysis tf => TransferFunction.Run(circuit, tf, elaborator),
                    _ => RunOne(analysis, built, circuit, warnings),
                };
            }
            catch (CircuitException ex)
            {
                throw new SimulationException((at == Diagnostics.SourceLocation.None ? "" : at + ": ") + $"{Describe(analysis)} failed: {ex.Message}", ex);
            }
        }, out var tables, warnings, table => phasors.GetValueOrDefault(table));
        var results = runs.Select((r, k) => WithMeasurements(
            new AnalysisResult(r.Analysis, tables[k]!) { PlotName = r.Name, Location = r.Location, Changes = r.Changes, Ac = phasors.GetValueOrDefault(tables[k]!) },
            netlist)).ToList();
        return new SimulationResult(netlist.Title, Backend.Native, results, warnings, watch.Elapsed) { Options = netlist.Options, NgspiceScript = script };
    }

    private SimulationResult RunNgspiceScript(ReadResult read, string deck,
        IReadOnlyList<(string Name, Analysis Analysis, Diagnostics.SourceLocation Location, string Changes)> runs, IReadOnlyList<NgspiceCommand> script,
        Func<Analysis, string> measurementDeck)
    {
        NgspiceResult ng;
        try
        {
            ng = Ngspice.RunScriptAsync(deck, script).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is NgspiceException or NgspiceTimeoutException or InvalidOperationException or NotSupportedException or FormatException or IOException or System.ComponentModel.Win32Exception)
        {
            throw new SimulationException($"ngspice failed: {ex.Message}", ex);
        }
        var results = new List<AnalysisResult>();
        for (int k = 0, next = 0; k < runs.Count; k++)
        {
            var (name, analysis, location, changes) = runs[k];
            if (analysis is NoiseAnalysis)
            {
                // The script writes a noise run's totals plot, then its spectra.
                var (totals, spectra) = (ng.Plots[next], ng.Plots[next + 1]);
                next += 2;
                if (!totals.IsNoiseTotals || !spectra.IsNoiseSpectrum)
                    throw new SimulationException($"ngspice wrote '{totals.PlotName}' and '{spectra.PlotName}' plots for {name} ({Describe(analysis)}).\n{ng.Output}");
                results.Add(new AnalysisResult(analysis, NoiseTable.FromNgspice(spectra.Table, totals.Table)) { PlotName = name, Location = location, Changes = changes });
                continue;
            }
            var plot = ng.Plots[next++];
            if (!Matches(analysis, plot))
                throw new SimulationException($"ngspice wrote a '{plot.PlotName}' plot for {name} ({Describe(analysis)}).\n{ng.Output}");
            var result = new AnalysisResult(analysis, plot.Table) { PlotName = name, Location = location, Changes = changes, Ac = plot.Ac };
            // ngspice's measuring run holds the deck as read: after .control changes its values would belong to another circuit.
            results.Add(NgspiceMeasurements(result, read.Circuit, changes.Length == 0 ? measurementDeck : null,
                "ngspice measures the deck as read, not after .control changes"));
        }
        return new SimulationResult(read.Circuit.Title, Backend.Ngspice, results, read.Warnings, ng.Elapsed) { Options = read.Circuit.Options, NgspiceScript = script };
    }

    private static WaveformTable RunOne(Analysis analysis, ElaboratedNetlist built, NetlistCircuit circuit, List<Diagnostics.Diagnostic> warnings)
    {
        switch (analysis)
        {
            case OperatingPointAnalysis:
                return new OperatingPoint(built.Circuit, built.Options).Run().ToTable();
            case DcAnalysis dc:
                var inner = Sweep(dc.Sweeps[0]);
                var outer = dc.Sweeps.Count > 1 ? Sweep(dc.Sweeps[1]) : null;
                return new Engine.Analyses.DcSweep(built.Circuit, inner, outer, built.Options).Run();
            case NoiseAnalysis noise:
                return NoiseTable.Native(built, noise);
            case TransientAnalysis tran:
                var options = tran.MaxStep is { } max ? built.Options with { MaxStep = max } : built.Options;
                var transient = new Transient(built.Circuit, tran.Step, tran.Stop, options)
                {
                    StartTime = tran.Start,
                    UseInitialConditions = tran.UseInitialConditions,
                };
                var table = transient.Run();
                foreach (var l in transient.InductorsOpenAtOperatingPoint)
                    warnings.Add(new Diagnostics.Diagnostic(Diagnostics.Severity.Warning,
                        circuit.Elements.FirstOrDefault(e => e.Name.Equals(l, StringComparison.OrdinalIgnoreCase))?.Location ?? Diagnostics.SourceLocation.None, l,
                        $"{l} closes a loop of voltage sources and inductors: its operating-point current is undetermined and the transient starts it at 0 A, as ngspice's transient op does",
                        "add a small series resistance to the inductor to define it"));
                return table;
            default:
                throw new SimulationException($"analysis {analysis.GetType().Name} is not supported by the native engine");
        }
    }

    private static SweepSpec Sweep(Model.DcSweep s) => new(s.Source, s.Start, s.Stop, s.Step);

    private static AcResult RunAc(Model.AcAnalysis ac, ElaboratedNetlist built) =>
        new AcSmallSignal(built.Circuit, new AcSweep(ac.Kind, ac.Points, ac.Start, ac.Stop), built.Options).Run();

    /// <summary>The result with the netlist's .meas lines of its kind evaluated on it.</summary>
    private static AnalysisResult WithMeasurements(AnalysisResult result, NetlistCircuit netlist)
    {
        var mine = netlist.Measurements.Where(m => m.AnalysisKind == result.Kind).ToList();
        return mine.Count == 0 ? result : result with { Measurements = mine.Select(m => Measurements.MeasurementEvaluator.Evaluate(result, m)).ToList() };
    }

    private SimulationResult RunNgspice(ReadResult read, string deck, Func<Analysis, string>? measurementDeck = null)
    {
        var netlist = read.Circuit;
        if (netlist.Analyses.Count == 0) throw new SimulationException("the netlist has no analysis (.op, .dc, .tran, .ac, .noise or .tf)");
        NgspiceResult ng;
        try
        {
            ng = Ngspice.Run(deck);
        }
        catch (Exception ex) when (ex is NgspiceException or NgspiceTimeoutException or InvalidOperationException or NotSupportedException or FormatException or IOException or System.ComponentModel.Win32Exception)
        {
            throw new SimulationException($"ngspice failed: {ex.Message}", ex);
        }
        var results = new List<AnalysisResult>();
        var used = new HashSet<RawPlot>();
        foreach (var analysis in netlist.Analyses)
        {
            var plot = ng.Plots.FirstOrDefault(p => !used.Contains(p) && Matches(analysis, p) && SameSweep(analysis, p))
                       ?? ng.Plots.FirstOrDefault(p => !used.Contains(p) && Matches(analysis, p))
                       ?? throw new SimulationException($"ngspice produced no plot for {Describe(analysis)}.\n{ng.Output}");
            used.Add(plot);
            if (analysis is NoiseAnalysis)
            {
                var totals = ng.Plots.FirstOrDefault(p => !used.Contains(p) && p.IsNoiseTotals)
                             ?? throw new SimulationException($"ngspice produced no integrated noise plot for {Describe(analysis)}.\n{ng.Output}");
                used.Add(totals);
                results.Add(new AnalysisResult(analysis, NoiseTable.FromNgspice(plot.Table, totals.Table)));
                continue;
            }
            var result = new AnalysisResult(analysis, plot.Table) { Ac = plot.Ac };
            results.Add(NgspiceMeasurements(result, netlist, measurementDeck, "ngspice measurements are run for netlist files only"));
        }
        return new SimulationResult(netlist.Title, Backend.Ngspice, results, read.Warnings, ng.Elapsed) { Options = netlist.Options };
    }

    /// <summary>
    /// ngspice measures only without a raw file and only on the last plot of a run, so each analysis with .meas lines
    /// of its kind gets a run of its own: the same deck with that analysis and those lines, its printed values read back.
    /// Without a measuring deck every measurement is reported as not run, with <paramref name="whyNot"/>.
    /// </summary>
    private AnalysisResult NgspiceMeasurements(AnalysisResult result, NetlistCircuit netlist, Func<Analysis, string>? measurementDeck, string whyNot)
    {
        var mine = netlist.Measurements.Where(m => m.AnalysisKind == result.Kind).ToList();
        if (mine.Count == 0) return result;
        if (measurementDeck is null)
            return result with { Measurements = mine.Select(m => new Measurements.MeasurementResult(m.Name, m.AnalysisKind, null, whyNot) { Definition = m }).ToList() };
        string output;
        try
        {
            output = Ngspice.RunMeasurements(measurementDeck(result.Analysis));
        }
        catch (Exception ex) when (ex is NgspiceException or NgspiceTimeoutException or InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            throw new SimulationException($"ngspice failed while measuring {Describe(result.Analysis)}: {ex.Message}", ex);
        }
        return result with { Measurements = Measurements.NgspiceMeasureOutput.Read(output, mine) };
    }

    private static bool Matches(Analysis analysis, RawPlot plot) => analysis switch
    {
        OperatingPointAnalysis => plot.IsOperatingPoint,
        DcAnalysis => plot.IsDcSweep,
        TransientAnalysis => plot.IsTransient,
        Model.AcAnalysis => plot.IsAc,
        TransferFunctionAnalysis => plot.IsTransferFunction,
        NoiseAnalysis => plot.IsNoiseSpectrum,
        _ => false,
    };

    /// <summary>
    /// ngspice does not write several .ac plots in the order of the netlist (measured: last line first), so an AC
    /// plot is matched by its frequencies: same first frequency and same count.
    /// </summary>
    private static bool SameSweep(Analysis analysis, RawPlot plot)
    {
        if (analysis is not Model.AcAnalysis ac) return true;
        var axis = plot.Table.Axis;
        double[] expected;
        try { expected = new AcSweep(ac.Kind, ac.Points, ac.Start, ac.Stop).Frequencies(); }
        catch (CircuitException) { return false; }
        return axis.Length == expected.Length && axis.Length > 0 && Math.Abs(axis[0] - expected[0]) <= 1e-9 * expected[0];
    }

    /// <summary>The analysis as its netlist line, e.g. <c>.tran 1e-9 1e-6</c>, for labels and messages.</summary>
    public static string Describe(Analysis analysis) => NetlistWriter.AnalysisLine(analysis);
}
