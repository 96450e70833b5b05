using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.NativeDevices;

namespace MemristorSpice.Netlist.Reading;

/// <summary>What reading produced: the flattened circuit and the warnings (unsupported directives and so on).</summary>
/// <param name="Circuit">The flattened circuit with numeric values.</param>
/// <param name="Warnings">Problems that did not stop reading.</param>
public sealed record ReadResult(NetlistCircuit Circuit, IReadOnlyList<Diagnostic> Warnings)
{
    /// <summary>
    /// The logical lines read, in order, with every .include and .lib expanded and every .control block left out
    /// (empty for a circuit that was not read from text). The ngspice deck is built from these.
    /// </summary>
    public IReadOnlyList<Statement> Statements { get; init; } = [];

    /// <summary>The .control blocks of the deck and its included files, parsed; null when there are none.</summary>
    internal MemristorSpice.Netlist.Control.ControlProgram? Control { get; init; }

    /// <summary>.csparam values by lower-case name: vectors the .control blocks can read.</summary>
    internal IReadOnlyDictionary<string, double> ControlParameters { get; init; } = new Dictionary<string, double>();

    /// <summary>Analysis lines read but not run (.pz, .sens, .disto, .four ...), named when the deck has no analysis we run.</summary>
    public IReadOnlyList<(string Keyword, SourceLocation Location)> UnsupportedAnalyses { get; init; } = [];

    /// <summary>Where the deck starts (its title line), for messages about the whole deck.</summary>
    public SourceLocation DeckLocation { get; init; } = SourceLocation.None;
}

/// <summary>
/// Entry point of the ngspice-dialect reader. Any problem with the input ends in one
/// <see cref="NetlistException"/> that lists every error found (up to <see cref="DiagnosticBag.MaxErrors"/>).
/// </summary>
public sealed class NetlistReader
{
    /// <summary>Source of the netlist and its .include/.lib files (the disk unless replaced, e.g. in tests).</summary>
    public INetlistFileSystem FileSystem { get; init; } = PhysicalFileSystem.Instance;
    /// <summary>Native devices that replace subcircuits of the same name when flattening.</summary>
    public INativeDeviceRegistry Registry { get; init; } = NativeDeviceRegistry.Empty;

    /// <summary>Size, include and flattening bounds (<see cref="ReaderLimits.Default"/> unless raised).</summary>
    public ReaderLimits Limits { get; init; } = ReaderLimits.Default;

    /// <summary>Reads and flattens a netlist file from disk with the default limits.</summary>
    public static ReadResult ReadFile(string path, INativeDeviceRegistry? registry = null) =>
        new NetlistReader { Registry = registry ?? NativeDeviceRegistry.Empty }.Read(path);

    /// <summary>Reads and flattens netlist text; <paramref name="fileName"/> names it in error messages and resolves relative includes.</summary>
    public static ReadResult ReadText(string text, string fileName = "netlist.cir", INativeDeviceRegistry? registry = null) =>
        new NetlistReader { Registry = registry ?? NativeDeviceRegistry.Empty }.Parse(text, fileName);

    /// <summary>Reads a file from <see cref="FileSystem"/>.</summary>
    public ReadResult Read(string path)
    {
        string fullPath;
        try { fullPath = Path.GetFullPath(path); }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new NetlistException(new SourceLocation(path, 0, 0), path, $"invalid file name: {ex.Message}", "");
        }
        if (!FileSystem.Exists(fullPath))
            throw new NetlistException(new SourceLocation(path, 0, 0), path, "netlist file not found", "check the path");
        string text;
        try { text = FileSystem.ReadAllText(fullPath, Limits.MaxFileBytes); }
        catch (NetlistFileException ex)
        {
            throw new NetlistException(new SourceLocation(path, 0, 0), path, ex.Message, "give a regular netlist file");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NetlistException(new SourceLocation(path, 0, 0), path, $"cannot read the netlist: {ex.Message}", "check permissions");
        }
        return Parse(text, path, fullPath);
    }

    /// <summary>Reads netlist text; <paramref name="fileName"/> names it in messages and anchors relative includes.</summary>
    public ReadResult Parse(string text, string fileName, string? fullPath = null)
    {
        var diagnostics = new DiagnosticBag();
        if (fullPath is null)
        {
            try { fullPath = Path.GetFullPath(fileName); }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException) { fullPath = Path.GetFullPath("netlist.cir"); }
        }
        var sources = new SourceReader(FileSystem, diagnostics, Limits);
        var statements = ConditionalLines.Select(sources.ReadTop(text, fileName, fullPath), diagnostics);
        var deck = new DeckParser(diagnostics).Parse(sources.Title, statements);
        var control = MemristorSpice.Netlist.Control.ControlParser.Parse(sources.ControlBlocks, diagnostics);
        diagnostics.Try(() => FlatSizeCheck.Check(deck, Registry, Limits.MaxElements));
        diagnostics.ThrowIfErrors();
        var circuit = new NetlistCircuit { Title = deck.Title };
        var scope = new ParameterScope();
        var globals = deck.GlobalNodes.Select(t => t.Text.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        new Flattener(circuit, Registry, diagnostics) { MaxElements = Limits.MaxElements, TemperatureCelsius = CircuitTemperature(deck) }
            .FlattenTop(deck, scope, globals);
        ReportUnusedParameterErrors(deck, scope, diagnostics);
        new ControlReader(circuit, scope, diagnostics).Read(deck.Controls);
        var controlParameters = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in deck.ControlParameters) diagnostics.Try(() => controlParameters[p.Name] = scope.Evaluate(p.Value));
        ReferenceChecker.Check(circuit, diagnostics);
        if (circuit.Elements.Count == 0 && !diagnostics.HasErrors)
            diagnostics.Warn(new SourceLocation(fileName, 1, 1), deck.Title, "the netlist has no elements", "");
        diagnostics.ThrowIfErrors();
        return new ReadResult(circuit, diagnostics.Warnings)
        {
            Statements = statements,
            Control = control,
            ControlParameters = controlParameters,
            UnsupportedAnalyses = statements.Where(st => UnsupportedAnalysisDirectives.Contains(st.Keyword)).Select(st => (st.Keyword, st.Location)).ToList(),
            DeckLocation = new SourceLocation(fileName, 1, 1),
        };
    }

    /// <summary>Analyses of ngspice that our engine does not run (the reader warns and ignores them).</summary>
    private static readonly HashSet<string> UnsupportedAnalysisDirectives = [".pz", ".sens", ".disto", ".four", ".pss", ".sp"];

    /// <summary>
    /// The temperature (°C) the .temp and .options lines set, read ahead of flattening for <c>temper</c> in .model cards;
    /// their errors are reported when the same lines are read for real (<see cref="ControlReader"/>).
    /// </summary>
    private static double CircuitTemperature(Deck deck)
    {
        var lines = deck.Controls.Where(s => s.Keyword is ".temp" or ".options" or ".option" or ".opt").ToList();
        if (lines.Count == 0) return 27;
        var scope = new ParameterScope();
        foreach (var p in deck.Top.Parameters) scope.Define(p);
        foreach (var f in deck.Top.Functions) scope.DefineFunction(f);
        var scratch = new NetlistCircuit();
        new ControlReader(scratch, scope, new DiagnosticBag()).Read(lines);
        return scratch.Options.TemperatureCelsius;
    }

    /// <summary>Top-level parameters nobody used are still evaluated, so cycles and typos are reported.</summary>
    private static void ReportUnusedParameterErrors(Deck deck, ParameterScope scope, DiagnosticBag diagnostics)
    {
        foreach (var p in deck.Top.Parameters) diagnostics.Try(() => scope.ValueOf(p.Name));
    }
}
