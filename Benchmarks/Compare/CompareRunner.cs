using System.Diagnostics;
using MemristorSpice.Cosim.Reports;

namespace MemristorSpice.Benchmarks.Compare;

/// <summary>The result of a comparison run: where the report and plots went, and the sections' content.</summary>
public sealed record CompareOutcome(string ReportPath, IReadOnlyList<string> PlotPaths, IReadOnlyList<SectionResult> Sections)
{
    /// <summary>Every engine-agreement check of the run.</summary>
    public IReadOnlyList<AgreementCheck> Agreements => Sections.SelectMany(s => s.AgreementChecks).ToList();

    /// <summary>The checks where the engines disagree beyond their tolerance; a run with any of these has failed.</summary>
    public IReadOnlyList<AgreementCheck> Disagreements => Agreements.Where(a => a.Holds == false).ToList();
}

/// <summary>
/// The end-to-end side-by-side run (`compare [--quick]`): crossbar OP and transient, RC ladder and memristor
/// transients, co-simulation vs the float network; writes the Markdown report and the log-log plots atomically.
/// </summary>
public static class CompareRunner
{
    public static CompareOutcome Run(ComparisonOptions options, TextWriter log)
    {
        var machine = MachineInfo.Capture(options.Ngspice);
        log.WriteLine($"{machine.Cores} cores, load {machine.LoadAverage}, {machine.Ngspice}; output {options.OutputFolder}");
        var sw = Stopwatch.StartNew();
        var breakdown = new TimeBreakdown();
        bool Wanted(string name) => options.Only is null || options.Only.Contains(name);
        var sections = new List<SectionResult>();
        if (Wanted("crossbar")) sections.Add(new CrossbarSection(options, log, breakdown).Run());
        if (Wanted("transient")) sections.Add(new TransientSection(options, log, breakdown).Run());
        if (Wanted("generation")) sections.Add(new GenerationSection(options, log, breakdown).Run());
        if (Wanted("cosim")) sections.Add(new CosimSection(options, log).Run());
        if (Wanted("tran")) sections.Add(new TranCosimSection(options, log).Run());
        if (Wanted("noise")) sections.Add(new NoiseCosimSection(options, log).Run());
        if (Wanted("reader")) sections.Add(new ReaderSection(options, log).Run());
        if (Wanted("programming")) sections.Add(new ProgrammingSection(options, log).Run());
        var behavioral = Wanted("behavioral") ? new BehavioralSection(options, log).Run() : "";
        if (breakdown.Table.Rows.Count > 0) sections.Add(new SectionResult([breakdown.Table], [], []));
        var plotFolder = Path.Combine(options.OutputFolder, options.PlotFolder);
        var plots = new List<string>();
        foreach (var spec in sections.SelectMany(s => s.Plots))
        {
            ScalingPlot.Save(spec, plotFolder);
            plots.Add(Path.Combine(plotFolder, spec.FileName));
        }
        var report = MarkdownReport.Build(options, machine, MachineInfo.LoadAverageNow(), sw.Elapsed, sections) + "\n" + behavioral;
        var reportPath = Path.Combine(options.OutputFolder, options.ReportFileName);
        AtomicFile.WriteAllText(reportPath, report);
        log.WriteLine($"wrote {reportPath} and {plots.Count} plots in {sw.Elapsed.TotalSeconds:F0} s");
        return new CompareOutcome(reportPath, plots, sections);
    }
}
