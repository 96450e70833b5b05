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
    /// same reading (<see cref="NgspiceDeck.ForBatchRun"/>), never the file itself.
    /// </summary>
    public SimulationResult RunFile(string path, Backend backend)
    {
        var read = new NetlistReader { Registry = Registry, Limits = Limits }.Read(path);
        if (backend == Backend.Native) return RunNative(read);
        return RunNgspice(read, NgspiceDeck.WithNativeSubcircuits(NgspiceDeck.ForBatchRun(read), read.Circuit, Registry));
    }

    /// <summary>Runs a circuit held in memory; ngspice gets the text <see cref="NetlistWriter.Write"/> produces.</summary>
    public SimulationResult Run(NetlistCircuit circuit, Backend backend)
    {
        var read = new ReadResult(circuit, []);
        return backend == Backend.Native ? RunNative(read) : RunNgspice(read, NetlistWriter.Write(circuit));
    }

    private SimulationResult RunNative(ReadResult read)
    {
        var watch = Stopwatch.StartNew();
        var netlist = read.Circuit;
        if (netlist.Analyses.Count == 0) throw new SimulationException("the netlist has no analysis (.op, .dc, .tran, .ac, .noise or .tf)");
        var elaborator = new Elaborator(Registry) { MaxPoints = MaxPoints };
        var warnings = read.Warnings.ToList();
        var results = new List<AnalysisResult>();
        foreach (var analysis in netlist.Analyses)
        {
            // A fresh circuit per analysis: analyses keep per-run state in their behaviors only, but sources can be overridden.
            var built = elaborator.Elaborate(netlist);
            if (results.Count == 0) warnings.AddRange(built.Warnings);
            try
            {
                var table = analysis switch
                {
                    DcAnalysis dc when dc.Sweeps.Any(s => s.RebuildsCircuit(netlist)) => ParametricDcSweep.Run(netlist, dc, elaborator),
                    TransferFunctionAnalysis tf => TransferFunction.Run(netlist, tf, elaborator),
                    _ => RunOne(analysis, built),
                };
                results.Add(new AnalysisResult(analysis, table));
            }
            catch (CircuitException ex)
            {
                throw new SimulationException($"{Describe(analysis)} failed: {ex.Message}", ex);
            }
        }
        return new SimulationResult(netlist.Title, Backend.Native, results, warnings, watch.Elapsed) { Options = netlist.Options };
    }

    private static WaveformTable RunOne(Analysis analysis, ElaboratedNetlist built)
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
            case Model.AcAnalysis ac:
                return new AcSmallSignal(built.Circuit, new AcSweep(ac.Kind, ac.Points, ac.Start, ac.Stop), built.Options).Run().ToTable();
            case TransientAnalysis tran:
                var options = tran.MaxStep is { } max ? built.Options with { MaxStep = max } : built.Options;
                return new Transient(built.Circuit, tran.Step, tran.Stop, options)
                {
                    StartTime = tran.Start,
                    UseInitialConditions = tran.UseInitialConditions,
                }.Run();
            default:
                throw new SimulationException($"analysis {analysis.GetType().Name} is not supported by the native engine");
        }
    }

    private static SweepSpec Sweep(Model.DcSweep s) => new(s.Source, s.Start, s.Stop, s.Step);

    private SimulationResult RunNgspice(ReadResult read, string deck)
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
            results.Add(new AnalysisResult(analysis, plot.Table));
        }
        return new SimulationResult(netlist.Title, Backend.Ngspice, results, read.Warnings, ng.Elapsed) { Options = netlist.Options };
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
