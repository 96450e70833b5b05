using System.Diagnostics;
using System.Text;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Results;

namespace MemristorSpice.Netlist.Ngspice;

/// <summary>
/// One plot of an ngspice raw file ("Operating Point", "Transient Analysis", "DC transfer characteristic", "AC
/// Analysis"). A complex (AC) plot also keeps its phasors in <see cref="Ac"/>; its <see cref="Table"/> is the
/// dB/degree form of <see cref="AcResult.ToTable"/>.
/// </summary>
/// <param name="Title">The raw file's title line (the deck title).</param>
/// <param name="PlotName">ngspice's plot name, e.g. "Transient Analysis".</param>
/// <param name="Table">The vectors: axis (time, sweep value or frequency in Hz) and signals v(node), i(element).</param>
public sealed record RawPlot(string Title, string PlotName, WaveformTable Table)
{
    /// <summary>Complex values of an AC plot (frequency in Hz, phasors per signal); null for real plots.</summary>
    public AcResult? Ac { get; init; }

    /// <summary>An .ac plot (complex values).</summary>
    public bool IsAc => PlotName.StartsWith("AC", StringComparison.OrdinalIgnoreCase);

    /// <summary>A .tran plot (axis: time in Seconds).</summary>
    public bool IsTransient => PlotName.StartsWith("Transient", StringComparison.OrdinalIgnoreCase);
    /// <summary>An .op plot (one point).</summary>
    public bool IsOperatingPoint => PlotName.StartsWith("Operating", StringComparison.OrdinalIgnoreCase);
    /// <summary>A .dc plot (axis: the swept source value).</summary>
    public bool IsDcSweep => PlotName.StartsWith("DC", StringComparison.OrdinalIgnoreCase);
    /// <summary>A .tf plot (gain, input and output resistance).</summary>
    public bool IsTransferFunction => PlotName.StartsWith("Transfer Function", StringComparison.OrdinalIgnoreCase);
    /// <summary>A .noise spectrum plot, ngspice's noise1 (axis: frequency in Hz; onoise_spectrum, inoise_spectrum).</summary>
    public bool IsNoiseSpectrum => PlotName.StartsWith("Noise Spectral Density", StringComparison.OrdinalIgnoreCase);
    /// <summary>A .noise totals plot, ngspice's noise2 (one point: onoise_total, inoise_total).</summary>
    public bool IsNoiseTotals => PlotName.StartsWith("Integrated Noise", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Result of one ngspice batch run.</summary>
/// <param name="Plots">Plots in the order ngspice wrote them.</param>
/// <param name="Output">ngspice's standard output and error text.</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record NgspiceResult(IReadOnlyList<RawPlot> Plots, string Output, TimeSpan Elapsed)
{
    /// <summary>The first transient plot; throws <see cref="InvalidOperationException"/> with ngspice's output when there is none.</summary>
    public RawPlot Transient => Plots.FirstOrDefault(p => p.IsTransient) ?? throw new InvalidOperationException("ngspice produced no transient plot.\n" + Output);
    /// <summary>The first operating point plot; throws <see cref="InvalidOperationException"/> with ngspice's output when there is none.</summary>
    public RawPlot OperatingPoint => Plots.FirstOrDefault(p => p.IsOperatingPoint) ?? throw new InvalidOperationException("ngspice produced no operating point plot.\n" + Output);
    /// <summary>The first DC sweep plot; throws <see cref="InvalidOperationException"/> with ngspice's output when there is none.</summary>
    public RawPlot DcSweep => Plots.FirstOrDefault(p => p.IsDcSweep) ?? throw new InvalidOperationException("ngspice produced no DC sweep plot.\n" + Output);

    /// <summary>The ASCII raw file exactly as ngspice wrote it ("" for runs without one), so that a caller can keep it.</summary>
    public string RawText { get; init; } = "";
}

/// <summary>ngspice reported an error in its text output (its exit code is 0 even for broken decks).</summary>
public sealed class NgspiceException(string message, IReadOnlyList<string> errorLines, string output) : Exception(message)
{
    /// <summary>The lines of ngspice's output that matched an error marker.</summary>
    public IReadOnlyList<string> ErrorLines { get; } = errorLines;
    /// <summary>ngspice's whole text output, for the user to read.</summary>
    public string Output { get; } = output;
}

/// <summary>ngspice did not finish within the time cap and was killed.</summary>
public sealed class NgspiceTimeoutException(TimeSpan cap) : Exception($"ngspice did not finish within {cap.TotalSeconds:G4} s and was killed.")
{
    /// <summary>The time cap that was exceeded.</summary>
    public TimeSpan Cap { get; } = cap;
}

/// <summary>
/// Runs ngspice in batch mode (<c>ngspice -b -r out.raw deck.cir</c>) in a temporary folder with
/// SPICE_ASCIIRAWFILE=1, kills it after a time cap, scans its output for errors and parses the raw file into
/// <see cref="WaveformTable"/>s with lower-case names v(node), i(element).
/// </summary>
public sealed class NgspiceRunner
{
    /// <summary>Text fragments of ngspice's output that mean the run is not trustworthy.</summary>
    private static readonly string[] ErrorMarkers =
    [
        "error on line", "fatal", "mismatch of .subckt", "unknown model", "could not find", "doanalyses:",
        "timestep too small", "no such vector", "singular matrix", "unknown subckt", "is not defined",
        "gmin stepping failed", "source stepping failed", "iteration limit reached", "simulation(s) aborted",
        "error:", "unable to find definition",
    ];

    /// <summary>A runner for the given ngspice executable (name on PATH or full path); default time cap 60 s.</summary>
    public NgspiceRunner(string executable = "ngspice", TimeSpan? timeout = null)
    {
        Executable = executable;
        Timeout = timeout ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>ngspice program name on PATH or full path.</summary>
    public string Executable { get; }
    /// <summary>Wall-time cap of one run; ngspice is killed after it.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Runs a deck file (copied into a temporary folder).</summary>
    public Task<NgspiceResult> RunFileAsync(string deckPath, CancellationToken cancel = default) =>
        RunAsync(File.ReadAllText(deckPath), cancel);

    /// <summary>Runs deck text and waits for the result (blocking form of the asynchronous run).</summary>
    public NgspiceResult Run(string deck) => RunAsync(deck).GetAwaiter().GetResult();

    /// <summary>
    /// Runs deck text; throws <see cref="NgspiceException"/> or <see cref="NgspiceTimeoutException"/>. A deck that
    /// holds ngspice commands (<see cref="CommandLines"/>) is refused before ngspice starts.
    /// </summary>
    public async Task<NgspiceResult> RunAsync(string deck, CancellationToken cancel = default)
    {
        RefuseCommands(deck);
        return await RunInFolderAsync(deck, rawPath => ["-b", "-r", rawPath, "deck.cir"], cancel);
    }

    /// <summary>
    /// Runs a deck with .meas lines without a raw file (ngspice 39 measures nothing when it writes one) and returns its
    /// text output, where each measurement prints "name = value ...". A failed measurement is not an error of the run.
    /// </summary>
    public string RunMeasurements(string deck)
    {
        RefuseCommands(deck);
        return RunInFolderAsync(deck, _ => ["-b", "deck.cir"], CancellationToken.None, readRaw: false).GetAwaiter().GetResult().Output;
    }

    /// <summary>Plots a script run writes for an analysis: 2 for noise (totals, then spectra), else 1.</summary>
    public static int PlotsOf(Model.Analysis analysis) => analysis is Model.NoiseAnalysis ? 2 : 1;

    /// <summary>Name of the raw file the control script writes every plot to, in ngspice's temporary folder.</summary>
    private const string ScriptRawFile = "out.raw";

    /// <summary>
    /// Runs a circuit deck (which must hold no analysis lines and no ngspice command, <see cref="CommandLines"/>) with
    /// a control script made of <paramref name="commands"/> only: each analysis command is followed by a write of its
    /// plot, so the result has one plot per analysis command, in their order (ngspice's own order of dot analyses
    /// differs by kind), two for noise (<see cref="PlotsOf"/>: its integrated totals, then its spectra). The script is
    /// rendered here from typed commands; nothing of it comes from an input file.
    /// </summary>
    public async Task<NgspiceResult> RunScriptAsync(string deck, IReadOnlyList<NgspiceCommand> commands, CancellationToken cancel = default)
    {
        RefuseCommands(deck);
        var script = new StringBuilder(".control\nset filetype=ascii\nset appendwrite\n");
        foreach (var command in commands)
        {
            script.Append(command.Render()).Append('\n');
            if (command is NgspiceAnalysisCommand) script.Append("write ").Append(ScriptRawFile).Append('\n');
            // noise leaves its totals plot current; the plot made before it holds the spectra: written second.
            if (command is NgspiceAnalysisCommand { Analysis: Model.NoiseAnalysis })
                script.Append("setplot previous\nwrite ").Append(ScriptRawFile).Append('\n');
        }
        script.Append(".endc\n");
        var lines = deck.Replace("\r\n", "\n").TrimEnd('\n').Split('\n').ToList();
        int end = lines.FindLastIndex(l => l.Trim().Equals(".end", StringComparison.OrdinalIgnoreCase));
        if (end < 0) { lines.Add(".end"); end = lines.Count - 1; }
        lines.Insert(end, script.ToString().TrimEnd('\n'));
        var result = await RunInFolderAsync(string.Join('\n', lines) + "\n", _ => ["-b", "deck.cir"], cancel);
        int expected = commands.Sum(c => c is NgspiceAnalysisCommand { Analysis: var a } ? PlotsOf(a) : 0);
        if (result.Plots.Count != expected)
            throw new NgspiceException($"ngspice wrote {result.Plots.Count} plots for {expected} analyses{LastErrorSentence(result.Output)}", FindErrors(result.Output), result.Output);
        return result;
    }

    private static void RefuseCommands(string deck)
    {
        var commands = CommandLines(deck).Take(1).ToList();
        if (commands.Count > 0)
            throw new NgspiceException($"the deck holds an ngspice command on line {commands[0].Line} ({commands[0].Text}); ngspice is only given circuits and analyses",
                [commands[0].Text], "");
    }

    /// <summary>": " and ngspice's last error or warning line, or "" when it printed none.</summary>
    private static string LastErrorSentence(string output)
    {
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0 &&
            (FindErrors(l).Count > 0 || l.StartsWith("warning", StringComparison.OrdinalIgnoreCase) || l.Contains("not ", StringComparison.OrdinalIgnoreCase)));
        return line is null ? "" : ": " + line;
    }

    private async Task<NgspiceResult> RunInFolderAsync(string deck, Func<string, string[]> arguments, CancellationToken cancel, bool readRaw = true)
    {
        var dir = Directory.CreateTempSubdirectory("ngspice-");
        try
        {
            var deckPath = Path.Combine(dir.FullName, "deck.cir");
            var rawPath = Path.Combine(dir.FullName, ScriptRawFile);
            await File.WriteAllTextAsync(deckPath, deck, cancel);
            var psi = new ProcessStartInfo(Executable)
            {
                WorkingDirectory = dir.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in arguments(rawPath)) psi.ArgumentList.Add(a);
            psi.Environment["SPICE_ASCIIRAWFILE"] = "1";
            var sw = Stopwatch.StartNew();
            using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {Executable}.");
            var stdout = process.StandardOutput.ReadToEndAsync(cancel);
            var stderr = process.StandardError.ReadToEndAsync(cancel);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            cts.CancelAfter(Timeout);
            try { await process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                await process.WaitForExitAsync(CancellationToken.None);
                cancel.ThrowIfCancellationRequested();
                throw new NgspiceTimeoutException(Timeout);
            }
            sw.Stop();
            var output = (await stdout) + "\n" + (await stderr);
            var errors = FindErrors(output).Where(e => readRaw || !IsMeasureFailure(e)).ToList();
            if (errors.Count > 0)
                throw new NgspiceException($"ngspice reported errors: {string.Join(" | ", errors.Take(5))}", errors, output);
            if (!readRaw) return new NgspiceResult([], output, sw.Elapsed);
            if (!File.Exists(rawPath))
                throw new NgspiceException($"ngspice wrote no results (exit code {process.ExitCode}){LastErrorSentence(output)}", [], output);
            List<RawPlot> plots;
            string raw = await File.ReadAllTextAsync(rawPath, cancel);
            try { plots = RawFile.Parse(raw); }
            catch (Exception ex) when (ex is FormatException or OverflowException or IndexOutOfRangeException)
            {
                throw new NgspiceException($"ngspice's results could not be read ({ex.Message}){LastErrorSentence(output)}", [], output);
            }
            return new NgspiceResult(plots, output, sw.Elapsed) { RawText = raw };
        }
        finally
        {
            try { dir.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Lines that would make ngspice run commands rather than simulate: the start or end of a .control block, and
    /// "*#" comment lines (which ngspice executes). The first line is the title, which ngspice never interprets.
    /// Second line of defence: the decks we write never hold them.
    /// </summary>
    public static IEnumerable<(int Line, string Text)> CommandLines(string deck)
    {
        var lines = deck.Replace("\r\n", "\n").Split('\n', '\r');
        for (int k = 1; k < lines.Length; k++)
        {
            var l = lines[k].TrimStart();
            if (l.StartsWith(".control", StringComparison.OrdinalIgnoreCase) || l.StartsWith(".endc", StringComparison.OrdinalIgnoreCase)
                || l.StartsWith("*#", StringComparison.Ordinal))
                yield return (k + 1, l.Length > 40 ? l[..40] + "..." : l);
        }
    }

    /// <summary>ngspice's report of one measurement that found no value ("Error: measure  name ..."), not of the run.</summary>
    private static bool IsMeasureFailure(string line) => line.StartsWith("Error: measure", StringComparison.OrdinalIgnoreCase);

    /// <summary>Lines of ngspice output that contain a known error marker.</summary>
    public static List<string> FindErrors(string output)
    {
        var list = new List<string>();
        // A transient whose DC iterations fail (a source across an inductor) is rescued by ngspice's "transient op":
        // the complaints of the failed iterations are then no error of the run.
        bool rescued = output.Contains("Transient op finished successfully", StringComparison.OrdinalIgnoreCase);
        foreach (var line in output.Split('\n'))
        {
            var l = line.Trim();
            var lower = l.ToLowerInvariant();
            if (rescued && RescuedOperatingPointMarkers.Any(m => lower.Contains(m, StringComparison.Ordinal))) continue;
            if (ErrorMarkers.Any(m => lower.Contains(m, StringComparison.Ordinal))) list.Add(l);
        }
        return list;
    }

    private static readonly string[] RescuedOperatingPointMarkers = ["singular matrix", "gmin stepping failed", "source stepping failed", "trying gmin"];
}

/// <summary>Parser of ngspice ASCII raw files (several plots in one file).</summary>
internal static class RawFile
{
    public static List<RawPlot> Parse(string text)
    {
        var plots = new List<RawPlot>();
        var lines = text.Split('\n');
        int i = 0;
        while (i < lines.Length)
        {
            string title = "", plotName = "";
            int nVars = 0, nPoints = 0;
            bool complex = false;
            // Header.
            while (i < lines.Length && !lines[i].StartsWith("Variables:", StringComparison.Ordinal))
            {
                var l = lines[i];
                if (l.StartsWith("Title:", StringComparison.Ordinal)) title = l[6..].Trim();
                else if (l.StartsWith("Plotname:", StringComparison.Ordinal)) plotName = l[9..].Trim();
                else if (l.StartsWith("Flags:", StringComparison.Ordinal)) complex = l.Contains("complex", StringComparison.Ordinal);
                else if (l.StartsWith("No. Variables:", StringComparison.Ordinal)) nVars = int.Parse(l[14..].Trim());
                else if (l.StartsWith("No. Points:", StringComparison.Ordinal)) nPoints = int.Parse(l[11..].Trim());
                i++;
            }
            if (i >= lines.Length) break;
            i++;
            var names = new string[nVars];
            for (int v = 0; v < nVars; v++, i++)
            {
                var parts = lines[i].Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                names[v] = NormalizeName(parts[1]);
            }
            while (i < lines.Length && !lines[i].StartsWith("Values:", StringComparison.Ordinal))
            {
                if (lines[i].StartsWith("Binary:", StringComparison.Ordinal))
                    throw new FormatException("ngspice wrote a binary raw file (.options filetype=binary?); the ASCII format is needed");
                i++;
            }
            i++;
            var data = new double[nVars][];
            for (int v = 0; v < nVars; v++) data[v] = new double[nPoints];
            var imaginary = complex ? new double[nVars][] : null;
            if (imaginary is not null) for (int v = 0; v < nVars; v++) imaginary[v] = new double[nPoints];
            int point = 0, variable = 0;
            while (point < nPoints && i < lines.Length)
            {
                var parts = lines[i].Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                i++;
                if (parts.Length == 0) continue;
                var valueText = parts.Length == 2 ? parts[1] : parts[0];
                if (imaginary is not null)
                {
                    // Complex plots write "re,im".
                    int comma = valueText.IndexOf(',');
                    if (comma < 0) throw new FormatException($"Complex raw value without ',': '{valueText}'.");
                    imaginary[variable][point] = double.Parse(valueText[(comma + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                    valueText = valueText[..comma];
                }
                data[variable][point] = double.Parse(valueText, System.Globalization.CultureInfo.InvariantCulture);
                if (++variable == nVars) { variable = 0; point++; }
            }
            if (point < nPoints) // aborted run: keep the complete points only
                for (int v = 0; v < nVars; v++)
                {
                    Array.Resize(ref data[v], point);
                    if (imaginary is not null) Array.Resize(ref imaginary[v], point);
                }
            nPoints = point;
            if (imaginary is not null)
            {
                var ac = new AcResult(data[0], names.Skip(1).Select((n, v) => new KeyValuePair<string, System.Numerics.Complex[]>(n,
                    data[v + 1].Select((re, p) => new System.Numerics.Complex(re, imaginary[v + 1][p])).ToArray())));
                plots.Add(new RawPlot(title, plotName, ac.ToTable()) { Ac = ac });
                continue;
            }
            // Operating point and transfer function plots have no sweep variable: every vector is a result.
            bool unswept = plotName.StartsWith("Operating", StringComparison.OrdinalIgnoreCase) || plotName.StartsWith("Transfer Function", StringComparison.OrdinalIgnoreCase)
                           || plotName.StartsWith("Integrated Noise", StringComparison.OrdinalIgnoreCase);
            var axisName = nVars > 0 && !unswept ? names[0] : "point";
            var axis = axisName == "point" ? Enumerable.Range(0, nPoints).Select(p => (double)p).ToArray() : data[0];
            var table = new WaveformTable(axisName, axis, names.Select((n, v) => new KeyValuePair<string, double[]>(n, data[v])));
            plots.Add(new RawPlot(title, plotName, table));
        }
        return plots;
    }

    /// <summary>
    /// ngspice names: "v(x)", "i(v1)", "v1#branch" → "i(v1)"; lower case. ngspice runs a POLY E or H source as an
    /// XSPICE spice2poly code model named a$poly$&lt;source&gt; whose output branch carries the source's current with the
    /// same sign (measured: e1 poly(1) 1 0 0 3 and e2 1 0 3 both give -6 mA into 1 kΩ at 2 V), so
    /// i(a$poly$e1) and a$poly$e1#branch_1_0 are i(e1).
    /// </summary>
    public static string NormalizeName(string name)
    {
        var n = name.ToLowerInvariant();
        const string poly = "a$poly$";
        if (n.StartsWith(poly, StringComparison.Ordinal) && n.IndexOf("#branch", StringComparison.Ordinal) is var b and > 0)
            return $"i({n[poly.Length..b]})";
        if (n.StartsWith("i(" + poly, StringComparison.Ordinal)) return "i(" + n[(2 + poly.Length)..];
        if (n.EndsWith("#branch", StringComparison.Ordinal)) return $"i({n[..^7]})";
        return n;
    }
}
