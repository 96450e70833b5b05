using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Reading;

/// <summary>Reads the top-level control lines: .op, .dc, .tran, .ac, .options, .temp, .ic, .nodeset.</summary>
internal sealed partial class ControlReader(NetlistCircuit circuit, ParameterScope scope, DiagnosticBag diagnostics)
{
    /// <summary>Most points one .dc may produce (guards against a step far too small).</summary>
    public const int MaxSweepPoints = 10_000_000;

    private readonly SortedDictionary<string, double> _options = new(StringComparer.Ordinal);
    private HashSet<string>? _usedNodes;

    private HashSet<string> UsedNodes() => _usedNodes ??= circuit.NodeSet();
    private string? _method;
    private double? _temp;

    public void Read(IEnumerable<Statement> controls)
    {
        var list = controls.ToList();
        _analysisKinds = list.Select(s => s.Keyword.TrimStart('.')).ToHashSet(StringComparer.Ordinal);
        foreach (var s in list) diagnostics.Try(() => ReadOne(s));
        circuit.Options = new SimulationOptions { Numeric = _options, Method = _method, TempDirective = _temp };
    }

    /// <summary>The analysis of an .op/.dc/.tran/.ac/.tf/.noise statement (also used for the same commands in .control blocks).</summary>
    public Analysis ReadAnalysis(Statement s)
    {
        var card = new CardReader(s, scope);
        switch (s.Keyword)
        {
            case ".op":
                card.ExpectEnd(".op takes no arguments");
                return new OperatingPointAnalysis();
            case ".dc": return Dc(card);
            case ".tran": return Tran(card);
            case ".ac": return Ac(card);
            case ".tf": return TransferFunction(card);
            case ".noise": return Noise(card);
            default: throw new NetlistException(s.Location, s.Head.Text, $"{s.Keyword} is not an analysis", "op, dc, tran, ac, tf or noise");
        }
    }

    private void ReadOne(Statement s)
    {
        var card = new CardReader(s, scope);
        switch (s.Keyword)
        {
            case ".op" or ".dc" or ".tran" or ".ac" or ".tf":
                circuit.Analyses.Add(ReadAnalysis(s));
                break;
            case ".noise":
                circuit.Analyses.Add(Noise(card));
                break;
            case ".ic":
                NodeValues(card, circuit.InitialConditions, ".ic v(node)=value ...");
                break;
            case ".nodeset":
                NodeValues(card, circuit.NodeSets, ".nodeset v(node)=value ...");
                break;
            case ".temp":
                Temperature(card);
                break;
            case ".meas":
            case ".measure":
                Measure(card);
                break;
            default:
                Options(card);
                break;
        }
    }

    /// <summary>
    /// .meas/.measure: read now (errors located at the word), evaluated after the analysis of its kind. Functions
    /// we do not evaluate (PARAM, ERR) are skipped with a warning; signals must name a node or element of the circuit.
    /// </summary>
    private void Measure(CardReader card)
    {
        Measurements.Measurement m;
        try
        {
            m = Measurements.MeasurementReader.Read(card, card.Statement.Location);
        }
        catch (Measurements.UnsupportedMeasurementException ex)
        {
            diagnostics.Warn(ex.Token.Location, ex.Token.Display, ex.Message, "supported: .meas tran|ac|dc with TRIG/TARG FIND WHEN AVG RMS MIN MAX MIN_AT MAX_AT PP INTEG DERIV of v(node) or i(source)");
            return;
        }
        foreach (var signal in m.Signals())
        {
            int open = signal.IndexOf('(');
            string name = signal[(open + 1)..^1];
            bool known = signal[0] == 'i' ? circuit.FindElement(name) is not null : UsedNodes().Contains(name);
            if (!known)
            {
                var token = card.Tokens.FirstOrDefault(t => t.Kind == TokenKind.Word && t.Text.Equals(name, StringComparison.OrdinalIgnoreCase));
                throw card.Error(token ?? card.Statement.Head, signal[0] == 'i' ? $"element '{name}' is not in the circuit" : $"node '{name}' is not in the circuit",
                    ".meas reads v(node) of a node an element uses, or i(source) of a V source, inductor or E/H source");
            }
        }
        if (circuit.Measurements.Any(o => o.Name == m.Name && o.AnalysisKind == m.AnalysisKind))
            diagnostics.Warn(card.Statement.Location, m.Name, $"a second .meas named '{m.Name}'", "ngspice prints both; give each a distinct name");
        if (!circuit.Analyses.Any(a => Kind(a) == m.AnalysisKind) && _analysisKinds is not null && !_analysisKinds.Contains(m.AnalysisKind))
            diagnostics.Warn(card.Statement.Location, m.Name, $".meas {m.AnalysisKind} '{m.Name}' has no .{m.AnalysisKind} analysis to read", $"add a .{m.AnalysisKind} line");
        circuit.Measurements.Add(m);
    }

    private HashSet<string>? _analysisKinds;

    private static string Kind(Analysis a) => a switch { TransientAnalysis => "tran", AcAnalysis => "ac", DcAnalysis => "dc", _ => "" };

    private DcAnalysis Dc(CardReader card)
    {
        const string usage = ".dc source start stop step [source2 start2 stop2 step2] (source: a V or I source, a resistor, or TEMP)";
        var sweeps = new List<DcSweep>();
        do
        {
            var sourceToken = card.Peek;
            string source = card.Name("source name", usage);
            if (source != DcSweep.Temperature && source[0] is not ('v' or 'i' or 'r'))
                throw card.Error(sourceToken, $"'{source}' is not an independent source, a resistor or TEMP", "sweep one of them: " + usage);
            if (source != DcSweep.Temperature && circuit.FindElement(source) is not (VoltageSourceElement or CurrentSourceElement or ResistorElement))
                throw card.Error(sourceToken, $"sweep source '{source}' is not in the circuit", "sweep a V, I or R element of the top level (a constant resistor)");
            double start = card.Value("start", usage), stop = card.Value("stop", usage);
            var stepToken = card.Peek;
            double step = card.Value("step", usage);
            if (step == 0 || Math.Sign(stop - start) * Math.Sign(step) < 0)
                throw card.Error(stepToken, "the step must be non-zero and lead from start to stop", usage);
            if (Math.Abs((stop - start) / step) > MaxSweepPoints)
                throw card.Error(stepToken, $"the sweep would take more than {MaxSweepPoints} points", "use a larger step");
            sweeps.Add(new DcSweep(source, start, stop, step));
        } while (!card.AtEnd && sweeps.Count < 2);
        card.ExpectEnd(usage);
        return new DcAnalysis(sweeps);
    }

    private TransferFunctionAnalysis TransferFunction(CardReader card)
    {
        const string usage = ".tf v(node[,node2]) source";
        var v = card.Next("v(node)", usage);
        if (!v.Is("v") || card.Next("(", usage).Kind != TokenKind.LeftParen)
            throw card.Error(v, "the output must be a node voltage v(node) or v(node,node2)", usage);
        string node = Node(card.Name("node name", usage));
        string? reference = null;
        if (card.Peek?.Kind == TokenKind.Comma) { card.Position++; reference = Node(card.Name("second node name", usage)); }
        if (card.Next(")", usage).Kind != TokenKind.RightParen) throw card.Error(card.Tokens[card.Position - 1], "expected ')'", usage);
        var sourceToken = card.Peek;
        string source = card.Name("input source", usage);
        if (circuit.FindElement(source) is not (VoltageSourceElement or CurrentSourceElement))
            throw card.Error(sourceToken, $"input source '{source}' is not an independent source of the top level", "name a V or I element: " + usage);
        card.ExpectEnd(usage);
        foreach (var n in new[] { node, reference })
            if (n is not null && n != "0" && !UsedNodes().Contains(n))
                throw card.Error(v, $"node '{n}' is not in the circuit", usage);
        return new TransferFunctionAnalysis(node, reference, source);

        static string Node(string name) => name is "gnd" ? "0" : name;
    }

    private static AcAnalysis Ac(CardReader card)
    {
        const string usage = ".ac dec|oct|lin points fstart fstop";
        var kindToken = card.Peek;
        string kind = card.Name("sweep type", usage);
        var sweep = kind switch
        {
            "dec" => Engine.Analyses.AcSweepKind.Decade,
            "oct" => Engine.Analyses.AcSweepKind.Octave,
            "lin" => Engine.Analyses.AcSweepKind.Linear,
            _ => throw card.Error(kindToken, $"unknown AC sweep type '{kind}'", usage),
        };
        var pointsToken = card.Peek;
        double points = card.Value("number of points", usage);
        var startToken = card.Peek;
        double start = card.Value("start frequency", usage);
        var stopToken = card.Peek;
        double stop = card.Value("stop frequency", usage);
        card.ExpectEnd(usage);
        if (points < 1 || points != Math.Floor(points) || points > Engine.Analyses.AcSweep.MaxFrequencies)
            throw card.Error(pointsToken, $"the number of points must be a whole number from 1 to {Engine.Analyses.AcSweep.MaxFrequencies}", usage);
        if (!(sweep == Engine.Analyses.AcSweepKind.Linear ? start >= 0 : start > 0) || !double.IsFinite(start))
            throw card.Error(startToken, sweep == Engine.Analyses.AcSweepKind.Linear ? "the start frequency must not be negative (Hz)" : "the start frequency must be positive (Hz)", usage);
        if (!(stop >= start) || !double.IsFinite(stop)) throw card.Error(stopToken, "the stop frequency must not be below the start frequency", usage);
        try
        {
            new Engine.Analyses.AcSweep(sweep, (int)points, start, stop).Frequencies();
        }
        catch (Engine.Core.CircuitException ex) when (ex.Message != Engine.Analyses.AcSweep.TooManyMessage)
        {
            throw card.Error(pointsToken, ex.Message, usage);
        }
        catch (Engine.Core.CircuitException)
        {
            throw card.Error(pointsToken, $"the sweep would take more than {Engine.Analyses.AcSweep.MaxFrequencies} frequencies", usage);
        }
        return new AcAnalysis(sweep, (int)points, start, stop);
    }

    private static TransientAnalysis Tran(CardReader card)
    {
        const string usage = ".tran tstep tstop [tstart [tmax]] [uic]";
        var stepToken = card.Peek;
        double step = card.Value("time step", usage);
        var stopToken = card.Peek;
        double stop = card.Value("stop time", usage);
        double start = 0;
        double? max = null;
        if (card.NextIsValue()) start = card.Value("start time", usage);
        if (card.NextIsValue()) max = card.Value("maximum step", usage);
        bool uic = card.Accept("uic");
        card.ExpectEnd(usage);
        if (step <= 0) throw card.Error(stepToken, "the time step must be positive", usage);
        if (stop <= 0 || stop <= start || start < 0) throw card.Error(stopToken, "need 0 <= tstart < tstop", usage);
        if (max is <= 0) throw card.Error(stepToken, "the maximum step must be positive", usage);
        return new TransientAnalysis(step, stop, start, max, uic);
    }

    private void NodeValues(CardReader card, SortedDictionary<string, double> target, string usage) =>
        ReadNodeValues(card, name => name is "gnd" ? "0" : name, target, usage, (token, node) =>
        {
            if (!UsedNodes().Contains(node))
                diagnostics.Warn(token.Location, token.Text, $"{card.Statement.Keyword} names node '{node}', which no element uses", "check the node name (subcircuit nodes are x1.name)");
        });

    /// <summary>
    /// Reads v(node)=value pairs of an .ic or .nodeset line; <paramref name="mapNode"/> gives the flattened
    /// name of a node as written (identity at the top level, x1.node inside an instance).
    /// </summary>
    public static void ReadNodeValues(CardReader card, Func<string, string> mapNode, SortedDictionary<string, double> target, string usage,
        Action<Token, string>? check)
    {
        if (card.AtEnd) throw card.Error(null, "no node values given", usage);
        while (!card.AtEnd)
        {
            var v = card.Next("v(node)", usage);
            if (!v.Is("v") || card.Next("(", usage).Kind != TokenKind.LeftParen)
                throw card.Error(v, "expected v(node)=value", usage);
            var nodeToken = card.Peek;
            string node = mapNode(card.Name("node name", usage));
            check?.Invoke(nodeToken!, node);
            if (card.Next(")", usage).Kind != TokenKind.RightParen || card.Next("=", usage).Kind != TokenKind.Equals)
                throw card.Error(card.Tokens[card.Position - 1], "expected v(node)=value", usage);
            target[node] = card.Value("node value", usage);
        }
    }

    /// <summary>
    /// .temp T [T2 ...] in °C. ngspice 39 rejects a list ("Could not set temperature") and runs at 27 °C; PSpice and
    /// HSPICE run the analyses once per value. We run once, at the first value, and warn naming the others: the deck's
    /// author wanted those temperatures, and one run keeps our results one table per analysis (the ngspice backend gets
    /// the first value too). A later .temp replaces an earlier one (ngspice).
    /// </summary>
    private void Temperature(CardReader card)
    {
        const string usage = ".temp celsius";
        if (card.AtEnd) throw card.Error(card.Statement.Head, ".temp without a temperature", usage + ", e.g. .temp 85");
        if (card.Peek!.Kind == TokenKind.Equals) card.Position++; // .temp=85, as ngspice accepts
        var first = card.Peek;
        double celsius = card.Value("temperature in °C", usage);
        if (celsius <= -273.15) throw card.Error(first, $"{celsius:G6} °C is below absolute zero", usage);
        if (!(celsius + 273.15 <= Engine.Core.SimulationOptions.MaxKelvin))
            throw card.Error(first, $"{celsius:G6} °C is above the {Engine.Core.SimulationOptions.MaxKelvin - 273.15:G6} °C the device equations accept", usage);
        var others = new List<string>();
        while (!card.AtEnd) others.Add(card.Next("temperature", usage).Display);
        if (others.Count > 0)
            diagnostics.Warn(first!.Location, ".temp", $".temp lists several temperatures: simulated at {celsius:G6} °C only, not at {string.Join(", ", others)}",
                "run one deck per temperature (ngspice 39 rejects the list and runs at 27 °C)");
        if (_temp is { } earlier && earlier != celsius)
            diagnostics.Warn(first!.Location, ".temp", $"a second .temp: {celsius:G6} °C replaces {earlier:G6} °C", "keep one .temp line");
        _temp = celsius;
    }

    private void Options(CardReader card)
    {
        const string usage = ".options name=value ... (reltol abstol vntol gmin method maxstep itl1..itl6 ...)";
        while (!card.AtEnd)
        {
            var t = card.Next("option", usage);
            if (t.Kind != TokenKind.Word) throw card.Error(t, "expected an option name", usage);
            string name = t.Text.ToLowerInvariant();
            if (card.AtEnd || card.Peek!.Kind != TokenKind.Equals)
            {
                diagnostics.Warn(t.Location, t.Text, $"option '{name}' ignored", "our engine has no such switch");
                continue;
            }
            card.Position++;
            if (name == "method")
            {
                var m = card.Name("integration method", usage);
                if (m is not ("trap" or "trapezoidal" or "gear"))
                    throw card.Error(card.Tokens[card.Position - 1], $"unknown integration method '{m}'", "method=trap or method=gear");
                _method = m == "gear" ? "gear" : "trap";
                continue;
            }
            var valueToken = card.Peek;
            if (!SimulationOptions.KnownNumeric.Contains(name))
            {
                // Other simulators' options take words as well as numbers (filetype=binary, post=2): skip the value.
                diagnostics.Warn(t.Location, t.Text, $"option '{name}' ignored", "known: method " + string.Join(' ', SimulationOptions.KnownNumeric.Order()));
                if (!card.AtEnd) card.Position++;
                continue;
            }
            double value = card.Value($"value of option {name}", usage);
            if (value <= 0 && name is "reltol" or "abstol" or "vntol" or "maxstep" or "chgtol" or "trtol")
                throw card.Error(valueToken, $"option {name} must be positive", usage);
            _options[name] = value;
        }
    }
}
