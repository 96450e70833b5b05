using System.Numerics;
using System.Text.RegularExpressions;
using MemristorSpice.Engine.Results;
using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Control;

/// <summary>One analysis a .control block ran: ngspice's plot name, the analysis, its table (null on a dry run) and where it was asked for.</summary>
/// <param name="PlotName">op1, tran2, ... as ngspice names the plot.</param>
/// <param name="Analysis">The analysis run.</param>
/// <param name="Table">Its results; null when the interpreter ran without simulating.</param>
/// <param name="Location">The command (or dot line, for run) that asked for it.</param>
/// <param name="Altered">The alter/altermod/option changes in force, as written for ngspice; empty when none.</param>
internal sealed record ControlRun(string PlotName, Analysis Analysis, WaveformTable? Table, SourceLocation Location, string Altered);

/// <summary>
/// Runs the commands of the <c>.control</c> blocks in order, as ngspice's interpreter would: analyses (op, dc, tran,
/// ac, tf, noise with the arguments of their dot lines; run for the deck's dot analyses), set/let variables and vectors,
/// alter/altermod/option changes to the circuit between runs, reset, destroy, foreach/while/repeat/dowhile/if.
/// Each analysis is run through a delegate (our engine, or nothing on a dry run) and recorded with its ngspice
/// plot name; every change and analysis is also recorded as a typed <see cref="NgspiceCommand"/>, so that ngspice
/// can be given the same sequence without ever seeing the input's control text.
/// </summary>
internal sealed class ControlInterpreter
{
    /// <summary>Most commands one deck may execute (loops included) before it is stopped.</summary>
    public const int MaxCommands = 1_000_000;
    /// <summary>Most analyses one deck may run.</summary>
    public const int MaxRuns = 10_000;

    private readonly NetlistCircuit _original;
    private readonly ControlProgram _program;
    private readonly Func<NetlistCircuit, Analysis, SourceLocation, WaveformTable?> _simulate;
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Complex[]> _vectors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserFunction> _functions = new(StringComparer.Ordinal);
    private readonly PlotNamer _names = new();
    private readonly List<KeyValuePair<string, string>> _altered = [];
    private NetlistCircuit _circuit;
    private WaveformTable? _current;
    private bool _dry;
    private int _executed;
    private ControlCommand? _command;
    private ControlCommand? _removed;

    private static readonly string TooMany = $"the .control blocks executed more than {MaxCommands} commands (a loop that does not end?)";

    private enum Flow { Next, Break, Continue, Quit, Goto }

    /// <summary>The label a goto looks for while its flow propagates out of the enclosing blocks.</summary>
    private string? _goto;

    /// <param name="circuit">The circuit as read (its dot analyses are what run runs).</param>
    /// <param name="program">The parsed .control blocks.</param>
    /// <param name="simulate">Runs one analysis on a circuit; returns null on a dry run (no results to read).</param>
    /// <param name="parameters">.csparam values, defined as vectors before the first command.</param>
    public ControlInterpreter(NetlistCircuit circuit, ControlProgram program, Func<NetlistCircuit, Analysis, SourceLocation, WaveformTable?> simulate,
        IReadOnlyDictionary<string, double>? parameters = null)
    {
        foreach (var (name, value) in parameters ?? new Dictionary<string, double>()) _vectors[name] = [value];
        _original = circuit;
        _circuit = Copy(circuit);
        _program = program;
        _simulate = simulate;
    }

    /// <summary>The analyses run, in order.</summary>
    public List<ControlRun> Runs { get; } = [];

    /// <summary>Problems that did not stop the run (options ignored).</summary>
    public List<Diagnostic> Warnings { get; } = [];

    /// <summary>The same sequence as ngspice commands: changes, resets and analyses.</summary>
    public List<NgspiceCommand> Script { get; } = [];

    /// <summary>Executes every block; located errors are <see cref="NetlistException"/>s.</summary>
    public void Execute() => Execute(_program.Commands, top: true);

    /// <summary>Executes <paramref name="commands"/> in order; a goto jumps to its label here, or leaves for an enclosing block.</summary>
    private Flow Execute(IReadOnlyList<ControlCommand> commands, bool top = false)
    {
        for (int k = 0; k < commands.Count; k++)
        {
            var c = commands[k];
            if (++_executed > MaxCommands)
                throw c.Error(TooMany, "check the loop condition");
            var flow = Execute(c);
            if (flow == Flow.Goto)
            {
                int target = IndexOfLabel(commands, _goto!);
                if (target < 0)
                {
                    if (top) throw c.Error($"goto: no label '{_goto}' in this block or an enclosing one", "label name ... goto name");
                    return flow;
                }
                k = target; // the label itself does nothing: go on after it
                continue;
            }
            if (flow != Flow.Next) return flow;
        }
        return Flow.Next;
    }

    private static int IndexOfLabel(IReadOnlyList<ControlCommand> commands, string label)
    {
        for (int k = 0; k < commands.Count; k++)
            if (commands[k].Name == "label" && Words(commands[k].Arguments) is [var name, ..] && name.Equals(label, StringComparison.OrdinalIgnoreCase)) return k;
        return -1;
    }

    private Flow Execute(ControlCommand c)
    {
        _command = c;
        switch (c.Name)
        {
            case "foreach": return Foreach(c);
            case "while":
            case "dowhile":
                for (bool first = true; (first && c.Name == "dowhile") || Condition(c); first = false)
                {
                    // Counted before the body, so that an empty loop is bounded too.
                    if (++_executed > MaxCommands) throw c.Error(TooMany, "check the loop condition");
                    var flow = Execute(c.Body);
                    if (flow == Flow.Break) break;
                    if (flow is Flow.Quit or Flow.Goto) return flow;
                }
                return Flow.Next;
            case "repeat":
            {
                // Without a count: until a break, bounded by the command limit below.
                double n = c.Arguments.Length == 0 ? MaxCommands : Evaluate(c, Substitute(c, c.Arguments))[0];
                if (!(n >= 0) || n > MaxCommands) throw c.Error($"repeat count {n:G6} outside 0 to {MaxCommands}", "repeat n ... end");
                for (int k = 0; k < (int)Math.Round(n); k++)
                {
                    if (++_executed > MaxCommands) throw c.Error(TooMany, "repeat fewer times");
                    var flow = Execute(c.Body);
                    if (flow == Flow.Break) break;
                    if (flow is Flow.Quit or Flow.Goto) return flow;
                }
                return Flow.Next;
            }
            case "if":
            {
                var flow = Execute(Condition(c) ? c.Body : c.ElseBody);
                return flow;
            }
            case "label": return Flow.Next;
            case "goto":
                _goto = Words(c.Arguments) is [var label, ..] ? label : throw c.Error("goto needs a label", "label name ... goto name");
                return Flow.Goto;
            case "break": return Flow.Break;
            case "continue": return Flow.Continue;
            case "quit":
            case "exit": return Flow.Quit;
        }
        string args = Substitute(c, c.Arguments);
        switch (c.Name)
        {
            case "run":
                if (_original.Analyses.Count == 0)
                    throw c.Error("run: the deck has no analysis lines (.op, .dc, .tran, .ac, .tf) to run", "give the analysis as a command instead, e.g. tran 1n 1u");
                foreach (var analysis in _original.Analyses) Run(c, analysis);
                break;
            case "op" or "dc" or "tran" or "ac" or "tf" or "noise":
                Run(c, Analysis(c, args));
                break;
            case "set": Set(c, args); break;
            case "unset": foreach (var name in Words(args)) _variables.Remove(name.ToLowerInvariant()); break;
            case "let": Let(c, args); break;
            case "define":
            {
                if (Words(args).Count <= 1) break; // 'define' or 'define name' lists definitions: display only
                var (name, function) = ControlExpression.ReadDefinition(args, c.ArgumentLocation);
                _functions[name] = function;
                break;
            }
            case "compose": Compose(c, args); break;
            case "undefine": foreach (var name in Words(args)) _functions.Remove(name.ToLowerInvariant()); break;
            case "unlet": foreach (var name in Words(args)) _vectors.Remove(name.ToLowerInvariant()); break;
            case "alter": Alter(c, args); break;
            case "altermod": AlterModel(c, args); break;
            case "option" or "options" or "opt": Option(c, args); break;
            case "reset":
                _circuit = Copy(_original);
                _altered.Clear();
                Script.Add(new NgspiceResetCommand());
                break;
            case "destroy": Destroy(args); break;
            case "meas" or "measure": Measure(c, args); break;
            case "remcirc": _removed = c; break;
            default: throw c.Error($"not supported: {c.Name}");
        }
        return Flow.Next;
    }

    private Flow Foreach(ControlCommand c)
    {
        var words = Words(Substitute(c, c.Arguments));
        if (words.Count < 1) throw c.Error("foreach without a variable", "foreach var value1 value2 ... end");
        string variable = words[0].ToLowerInvariant();
        foreach (var value in words.Skip(1))
        {
            _variables[variable] = value;
            var flow = Execute(c.Body);
            if (flow == Flow.Break) break;
            if (flow is Flow.Quit or Flow.Goto) return flow;
        }
        return Flow.Next;
    }

    private bool Condition(ControlCommand c) => Evaluate(c, Substitute(c, c.Arguments)) is { Length: > 0 } v && v[0] != 0;

    /// <summary>
    /// Evaluates a meas command on the current plot: the line as a .meas card (same words), the value defined as a
    /// vector of its name, as ngspice does. The plot handed over also holds the let vectors as long as its axis (a
    /// meas may read them by name), and the ac phasors. Null until a .meas evaluator is connected: then a located error.
    /// </summary>
    public Func<Statement, WaveformTable, AcResult?, Analysis, double?>? Measurement { get; init; }

    /// <summary>A word after '=' that names a vector (an earlier meas result, a let): ngspice puts its value there.</summary>
    private static readonly Regex ValueName = new(@"(=\s*)([A-Za-z_][\w.]*)(?![\w.]*\s*\()", RegexOptions.CultureInvariant);

    private void Measure(ControlCommand c, string args)
    {
        if (Measurement is null)
            throw c.Error("not supported yet: meas inside .control", "write the measurement as a .meas line outside the .control block");
        args = ValueName.Replace(args, m => _vectors.TryGetValue(m.Groups[2].Value.ToLowerInvariant(), out var v) && v.Length > 0
            ? m.Groups[1].Value + v[0].Real.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
            : m.Value);
        var bag = new DiagnosticBag();
        var tokens = LineTokenizer.Tokenize(".meas " + args, c.Location.File, c.Location.Line, c.ArgumentColumn - 6, bag);
        bag.ThrowIfErrors();
        if (_current is null || Runs.Count == 0)
            throw c.Error(_dry ? "meas reads results, which only a native run provides" : "meas before any analysis", "run the analysis first");
        var lets = _vectors.Where(kv => kv.Value.Length == _current.Count && kv.Value.Length > 1 && !_current.Contains(kv.Key))
            .Select(kv => new KeyValuePair<string, double[]>(kv.Key, kv.Value.Select(z => z.Real).ToArray()));
        var plot = new WaveformTable(_current.AxisName, _current.Axis, _current.Names.Select(n => new KeyValuePair<string, double[]>(n, _current[n])).Concat(lets));
        double? value;
        try
        {
            value = Measurement(new Statement(tokens, [c.Line.Text], c.Location), plot, Phasors?.Invoke(_current), Runs[^1].Analysis);
        }
        catch (NetlistException ex)
        {
            // ngspice's meas command prints its complaint, defines nothing and the script goes on.
            Warnings.AddRange(ex.Errors.Select(e => e with { Severity = Severity.Warning, Message = "meas failed, as in ngspice (no value defined): " + e.Message }));
            return;
        }
        if (tokens.Count > 2 && value is { } v) _vectors[tokens[2].Text.ToLowerInvariant()] = [v];
    }

    private void Run(ControlCommand c, Analysis analysis)
    {
        if (_removed is { } removed)
            throw c.Error($"the circuit was removed by remcirc at {removed.Location}", "run the analyses before remcirc");
        if (Runs.Count >= MaxRuns) throw c.Error($"the .control blocks ran more than {MaxRuns} analyses", "run fewer sweep points");
        string kind = analysis switch
        {
            OperatingPointAnalysis => "op",
            DcAnalysis => "dc",
            TransientAnalysis => "tran",
            AcAnalysis => "ac",
            NoiseAnalysis => "noise",
            _ => "tf",
        };
        var table = _simulate(Copy(_circuit), analysis, c.Location);
        _dry = table is null;
        var name = _names.Next(kind);
        // ngspice's noise makes two plots: the spectra (named here) and the integrated totals (the next name).
        if (analysis is NoiseAnalysis) _names.Next(kind);
        Runs.Add(new ControlRun(name, analysis, table, c.Location, string.Join(", ", _altered.Select(p => p.Value))));
        Script.Add(new NgspiceAnalysisCommand(analysis));
        _current = table;
    }

    /// <summary>The analysis of an op/dc/tran/ac/tf command, read by the same code as its dot line.</summary>
    private Analysis Analysis(ControlCommand c, string args)
    {
        var bag = new DiagnosticBag();
        var tokens = LineTokenizer.Tokenize("." + c.Name + " " + args, c.Location.File, c.Location.Line, c.Location.Column - 1, bag);
        bag.ThrowIfErrors();
        var statement = new Statement(tokens, [c.Line.Text], c.Location);
        return new ControlReader(_circuit, new ParameterScope(), bag).ReadAnalysis(statement);
    }

    private static readonly Regex SetItem = new(@"\G\s*([A-Za-z_][\w.]*)\s*(?:=\s*(\([^)]*\)|""[^""]*""|\S+))?", RegexOptions.CultureInvariant);

    private void Set(ControlCommand c, string args)
    {
        int pos = 0;
        while (pos < args.Length)
        {
            var m = SetItem.Match(args, pos);
            if (!m.Success || m.Length == 0)
            {
                if (string.IsNullOrWhiteSpace(args[pos..])) break;
                // ngspice's set makes any other word a boolean variable of that name (set color0 white , set ... sets
                // ',' too): so does this, rather than refusing the deck.
                m = Regex.Match(args[pos..], @"^\s*(\S+)");
                _variables[m.Groups[1].Value.ToLowerInvariant()] = "";
                pos += m.Length;
                continue;
            }
            string value = m.Groups[2].Success ? m.Groups[2].Value : "";
            if (value.StartsWith('(') || value.StartsWith('"')) value = value[1..^1].Trim();
            _variables[m.Groups[1].Value.ToLowerInvariant()] = value;
            pos += m.Length;
        }
    }

    /// <summary>
    /// compose name values e1 e2 ... (one element per expression) or compose name start=a stop=b step=s / lin=n
    /// [center=c span=s]: a linear sweep built as ngspice's compose builds it (count (stop - start)/step + 1 truncated,
    /// each point the previous plus step).
    /// </summary>
    private void Compose(ControlCommand c, string args)
    {
        var words = Words(args);
        if (words.Count < 2) throw c.Error("compose needs a name and its values", "compose name values v1 v2 ... | compose name start=a stop=b step=s");
        string name = words[0].ToLowerInvariant();
        int rest = args.IndexOf(words[0], StringComparison.Ordinal) + words[0].Length;
        while (rest < args.Length && char.IsWhiteSpace(args[rest])) rest++;
        if (words[1].Equals("values", StringComparison.OrdinalIgnoreCase))
        {
            int from = rest + words[1].Length;
            var values = new List<Complex>();
            foreach (var (text, offset) in ExpressionList(args, from))
            {
                var v = EvaluateComplex(c, text, offset);
                if (v.Length != 1)
                    throw new NetlistException(c.ArgumentLocation.Offset(offset), text, $"compose values: '{text}' has {v.Length} elements; only scalars are composed here",
                        "ngspice would build a two-dimensional vector; give scalars");
                values.Add(v[0]);
            }
            _vectors[name] = values.ToArray();
            return;
        }
        var given = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match m in Regex.Matches(args[rest..], @"([A-Za-z]+)\s*=\s*(\S+)"))
        {
            string key = m.Groups[1].Value.ToLowerInvariant();
            if (key is not ("start" or "stop" or "step" or "lin" or "len" or "center" or "span"))
                throw new NetlistException(c.ArgumentLocation.Offset(rest + m.Index), m.Value, $"not supported: compose {key}=",
                    "compose name values ... or start=, stop=, step=, lin=, center=, span= (log, dec, oct, gauss and unif sweeps are not read)");
            given[key] = Evaluate(c, m.Groups[2].Value, rest + m.Groups[2].Index)[0];
        }
        if (given.TryGetValue("center", out double center) && given.TryGetValue("span", out double span) && !given.ContainsKey("start") && !given.ContainsKey("stop"))
        {
            given["start"] = center - span / 2;
            given["stop"] = center + span / 2;
        }
        bool hasStart = given.TryGetValue("start", out double start), hasStop = given.TryGetValue("stop", out double stop), hasStep = given.TryGetValue("step", out double step);
        if (hasStep && step == 0) throw c.Error("compose: step cannot be 0", "give a non-zero step");
        double lin;
        if (given.TryGetValue("lin", out lin) || given.TryGetValue("len", out lin)) { }
        else if (hasStart && hasStop && hasStep)
        {
            if (stop - start > 0 != step > 0) step = -step;
            lin = (stop - start) / step + 1;
            hasStep = false;
        }
        else throw c.Error("compose: give lin=n, or all of start, stop and step", "compose name start=a stop=b step=s");
        if (!(lin > 0) || lin > MaxVectorLength) throw c.Error($"compose: {lin:G6} points outside 1 to {MaxVectorLength}", "give fewer points");
        int length = (int)lin;
        if (hasStep && hasStart && hasStop && step != (stop - start) / (lin - 1)) hasStep = false;
        if (!hasStart) start = hasStop && hasStep ? stop - step * (lin - 1) : hasStop ? stop - lin + 1 : 0;
        if (!hasStop) stop = hasStep ? start + step * (lin - 1) : start + lin - 1;
        if (!hasStep) step = (stop - start) / (lin - 1);
        var data = new Complex[length];
        double t = start;
        for (int k = 0; k < length; k++, t += step) data[k] = t;
        _vectors[name] = data;
    }

    /// <summary>Most elements compose may build.</summary>
    private const int MaxVectorLength = 10_000_000;

    /// <summary>
    /// The expressions of a list separated by blanks (compose values): split at blanks outside parentheses, a piece
    /// that ends with an operator or a piece that starts with a binary operator joined to its neighbour.
    /// </summary>
    private static List<(string Text, int Offset)> ExpressionList(string text, int from)
    {
        var pieces = new List<(string Text, int Offset)>();
        int k = from;
        while (k < text.Length)
        {
            while (k < text.Length && char.IsWhiteSpace(text[k])) k++;
            if (k >= text.Length) break;
            int start = k, depth = 0;
            while (k < text.Length && (depth > 0 || !char.IsWhiteSpace(text[k])))
            {
                if (text[k] is '(' or '[') depth++;
                else if (text[k] is ')' or ']') depth--;
                k++;
            }
            string piece = text[start..k];
            if (pieces.Count > 0 && (pieces[^1].Text[^1] is '+' or '-' or '*' or '/' or '^' || piece[0] is '*' or '/' or '^' || (piece[0] is '+' or '-' && piece.Length == 1)))
                pieces[^1] = (text[pieces[^1].Offset..k], pieces[^1].Offset);
            else pieces.Add((piece, start));
        }
        return pieces;
    }

    private void Let(ControlCommand c, string args)
    {
        int eq = args.IndexOf('=');
        if (eq < 0) return; // 'let' alone or 'let x' lists vectors: display only
        string name = args[..eq].Trim().ToLowerInvariant();
        if (!Regex.IsMatch(name, @"^[a-z_][\w.]*$"))
            throw new NetlistException(c.ArgumentLocation, name, $"cannot assign to '{name}'", "let name = expression (a plain name; no indexing)");
        _vectors[name] = EvaluateComplex(c, args[(eq + 1)..], eq + 1);
    }

    private Complex[] EvaluateComplex(ControlCommand c, string text, int offset = 0) =>
        ControlExpression.Evaluate(text, c.ArgumentLocation.Offset(offset), Lookup, _functions);

    /// <summary>The real parts: what conditions, counts and alter values use.</summary>
    private double[] Evaluate(ControlCommand c, string text, int offset = 0) =>
        EvaluateComplex(c, text, offset).Select(z => z.Real).ToArray();

    /// <summary>
    /// A name in an expression: a let vector, a constant, then a vector of the current plot (the phasors of an ac
    /// plot, when the run provided them).
    /// </summary>
    private Complex[]? Lookup(string name)
    {
        if (_vectors.TryGetValue(name, out var v)) return v;
        if (name.StartsWith('@')) return DeviceParameter(name) is { } p ? ToComplex(p) : ResistorCurrent(name) is { } i ? ToComplex(i) : null;
        switch (name)
        {
            case "pi": return [Math.PI];
            case "e": return [Math.E];
            case "boltz": return [1.380649e-23];
            case "echarge": return [1.602176634e-19];
            case "planck": return [6.62607015e-34];
            case "kelvin": return [-273.15];
            case "yes" or "true": return [1];
            case "no" or "false": return [0];
        }
        if (_current is null)
        {
            if (_dry && PlotVectorName(name) is not null)
                throw new NetlistException(_command?.ArgumentLocation ?? SourceLocation.None, name, $"the .control block reads the result '{name}', which only a native run provides",
                    "use simulate with the native backend, or compare (which runs ours first and gives ngspice the same commands)");
            return null;
        }
        var phasors = Phasors?.Invoke(_current);
        foreach (var candidate in new[] { name, $"v({name})", name.EndsWith("#branch", StringComparison.Ordinal) ? $"i({name[..^7]})" : name })
        {
            if (phasors is not null && phasors.Contains(candidate)) return phasors[candidate];
            if (_current.Contains(candidate)) return ToComplex(_current[candidate]);
        }
        if (name == _current.AxisName.ToLowerInvariant() || name is "time" or "frequency" or "v-sweep" or "sweep") return ToComplex(_current.Axis);
        return null;
    }

    private static readonly Regex DeviceParameterShape = new(@"^@([^\[\]]+)\[([^\[\]]+)\]$", RegexOptions.CultureInvariant);

    /// <summary>
    /// @device[parameter] as the circuit now stands (after alter): R resistance, C capacitance, L inductance, K k,
    /// V/I dc acmag acphase and the coefficients of their waveform (@v1[pulse] is the list as given), or a parameter
    /// set on a .model card (@dmod[is]). Null for anything else (operating-point quantities are not read here).
    /// </summary>
    private double[]? DeviceParameter(string name)
    {
        var m = DeviceParameterShape.Match(name);
        if (!m.Success) return null;
        string device = m.Groups[1].Value, p = m.Groups[2].Value;
        return _circuit.FindElement(device) switch
        {
            ResistorElement r when p is "resistance" or "r" => [r.Resistance],
            CapacitorElement cap when p is "capacitance" or "c" => [cap.Capacitance],
            InductorElement l when p is "inductance" or "l" => [l.Inductance],
            MutualInductanceElement k when p is "k" or "coefficient" => [k.Coupling],
            VoltageSourceElement s => SourceParameter(s.Dc, s.Waveform, s.AcMagnitude, s.AcPhaseDegrees, p),
            CurrentSourceElement s => SourceParameter(s.Dc, s.Waveform, s.AcMagnitude, s.AcPhaseDegrees, p),
            null when _circuit.Models.TryGetValue(device, out var card) && card.Parameters.TryGetValue(p, out double x) => [x],
            _ => null,
        };
    }

    /// <summary>
    /// @r1[i] of the current op, dc or tran plot: the resistor's current from n+ to n-, (v(n+) - v(n-)) / R with R at
    /// the circuit temperature (ngspice computes it the same way from the solution, and keeps it when .save names it;
    /// our tables hold every node voltage, so no .save is needed). Null when the plot has no such nodes (an ac plot,
    /// or no run yet) or the name is not a resistor's.
    /// </summary>
    private double[]? ResistorCurrent(string name)
    {
        var m = DeviceParameterShape.Match(name);
        if (!m.Success || m.Groups[2].Value != "i" || _current is null || Phasors?.Invoke(_current) is not null) return null;
        if (_circuit.FindElement(m.Groups[1].Value) is not ResistorElement r) return null;
        double[]? Node(string node) => node == "0" ? new double[_current.Axis.Length] : _current.Contains($"v({node})") ? _current[$"v({node})"] : null;
        if (Node(r.Positive) is not { } plus || Node(r.Negative) is not { } minus) return null;
        double ohms = r.ResistanceAt(_circuit.Options.TemperatureCelsius, _circuit.Options.NominalCelsius);
        return plus.Zip(minus, (a, b) => (a - b) / ohms).ToArray();
    }

    private static double[]? SourceParameter(double? dc, MemristorSpice.Netlist.Model.Waveform? waveform, double? acMagnitude, double? acPhase, string p) => p switch
    {
        "dc" => [dc ?? waveform?.InitialValue ?? 0],
        "acmag" => [acMagnitude ?? 0],
        "acphase" => [acPhase ?? 0],
        _ when waveform is not null && waveform.Keyword.Equals(p, StringComparison.OrdinalIgnoreCase) => waveform.Arguments.ToArray(),
        _ => null,
    };

    private static Complex[] ToComplex(double[] x)
    {
        var r = new Complex[x.Length];
        for (int k = 0; k < x.Length; k++) r[k] = x[k];
        return r;
    }

    /// <summary>The phasors behind an ac plot's table (null for other plots, or when the run keeps none).</summary>
    public Func<WaveformTable, AcResult?>? Phasors { get; init; }

    private static string? PlotVectorName(string name) => name.StartsWith("v(", StringComparison.Ordinal) || name.StartsWith("i(", StringComparison.Ordinal) || name is "time" or "frequency" ? name : null;

    private static readonly Regex Variable = new(@"\$(&|\?)?([A-Za-z_][\w]*)", RegexOptions.CultureInvariant);

    /// <summary>ngspice's substitutions: $name (a set variable; a let vector when no variable has that name), $&amp;vector, $?name (1 when defined).</summary>
    /// <summary>
    /// $variable, $&amp;vector and $?name substitution, then the csh brace expansion ngspice applies to each command's
    /// words outside quotes, for its one-alternative form: n{1001}_t is n1001_t (a list {a,b} is left as written).
    /// </summary>
    private string Substitute(ControlCommand c, string text) => ExpandBraces(SubstituteVariables(c, text));

    private static string ExpandBraces(string text)
    {
        if (!text.Contains('{')) return text;
        var sb = new System.Text.StringBuilder(text.Length);
        bool quoted = false;
        for (int k = 0; k < text.Length; k++)
        {
            char ch = text[k];
            if (ch == '"') quoted = !quoted;
            if (ch == '{' && !quoted)
            {
                int close = text.IndexOfAny(['}', '{', ',', '"'], k + 1);
                if (close > k && text[close] == '}')
                {
                    sb.Append(text, k + 1, close - k - 1);
                    k = close;
                    continue;
                }
            }
            sb.Append(ch);
        }
        return sb.ToString();
    }

    private string SubstituteVariables(ControlCommand c, string text) => Variable.Replace(text, m =>
    {
        string name = m.Groups[2].Value.ToLowerInvariant();
        switch (m.Groups[1].Value)
        {
            case "?": return _variables.ContainsKey(name) || _vectors.ContainsKey(name) ? "1" : "0";
            case "&":
                return Lookup(name) is { } v ? ControlExpression.Format(v)
                    : throw new NetlistException(c.ArgumentLocation.Offset(m.Index), m.Value, $"no vector '{name}'", "define it with let");
            default:
                if (_variables.TryGetValue(name, out var s)) return s;
                if (_vectors.TryGetValue(name, out var vec)) return ControlExpression.Format(vec);
                throw new NetlistException(c.ArgumentLocation.Offset(m.Index), m.Value, $"no variable '{name}'", "define it with set, or as the variable of a foreach loop");
        }
    });

    private static List<string> Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();

    private static readonly Regex Bracketed = new(@"^@([^\[\s]+)\[([^\]\s]+)\]\s*=?\s*(.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    /// <summary>Splits "@name[param] = value", "name param = value", "name = value" or "name value".</summary>
    private static (string Name, string? Parameter, string Value) Target(ControlCommand c, string args, string usage)
    {
        var m = Bracketed.Match(args);
        if (m.Success) return (m.Groups[1].Value.ToLowerInvariant(), m.Groups[2].Value.ToLowerInvariant(), m.Groups[3].Value.Trim());
        var words = args.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2) throw c.Error($"{c.Name} needs a name and a value", usage);
        string name = words[0], rest = words[1].Trim();
        int eqInName = name.IndexOf('=');
        if (eqInName > 0) return (name[..eqInName].ToLowerInvariant(), null, (name[(eqInName + 1)..] + " " + rest).Trim());
        if (rest.StartsWith('=')) return (name.ToLowerInvariant(), null, rest[1..].Trim());
        int eq = rest.IndexOf('=');
        if (eq > 0 && Regex.IsMatch(rest[..eq].Trim(), @"^[A-Za-z_]\w*$")) return (name.ToLowerInvariant(), rest[..eq].Trim().ToLowerInvariant(), rest[(eq + 1)..].Trim());
        var two = rest.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        if (two.Length == 2 && Regex.IsMatch(two[0], @"^[A-Za-z_]\w*$") && !two[1].StartsWith('=') && !IsOperator(two[1]))
            return (name.ToLowerInvariant(), two[0].ToLowerInvariant(), two[1].Trim());
        return (name.ToLowerInvariant(), null, rest);
    }

    private static bool IsOperator(string s) => s.Length > 0 && "+-*/^%".Contains(s[0]);

    /// <summary>A value or, for "[ a b c ]", a vector of values.</summary>
    private double[] Values(ControlCommand c, string value)
    {
        if (!value.StartsWith('[')) return Evaluate(c, value);
        if (!value.EndsWith(']')) throw c.Error("a vector value needs its closing ']'", "alter @v1[pulse] = [ 0 1 1n 1n 1n 5n 10n ]");
        return Words(value[1..^1]).SelectMany(w => Evaluate(c, w)).ToArray();
    }

    private void Alter(ControlCommand c, string args)
    {
        const string usage = "alter name = value | alter name parameter = value | alter @name[parameter] = value";
        var (name, parameter, valueText) = Target(c, args, usage);
        var element = _circuit.FindElement(name)
            ?? throw new NetlistException(c.ArgumentLocation, name, $"alter: no element '{name}' in the circuit", "elements in subcircuits are named as ngspice flattens them, e.g. r.x1.r1");
        var values = Values(c, valueText);
        if (values.Length == 0) throw c.Error("alter: empty value", usage);
        double v = values[0];
        string p = parameter ?? element switch
        {
            ResistorElement => "resistance",
            CapacitorElement => "capacitance",
            InductorElement => "inductance",
            VoltageSourceElement or CurrentSourceElement => "dc",
            MutualInductanceElement => "k",
            _ => "",
        };
        Element altered = (element, p) switch
        {
            (ResistorElement r, "resistance" or "r") when v != 0 => r with { Resistance = v },
            (ResistorElement, "resistance" or "r") => throw c.Error("alter: a resistance of 0 Ohm", "use a voltage source of 0 V for a short"),
            (CapacitorElement cap, "capacitance" or "c") => cap with { Capacitance = v },
            (InductorElement l, "inductance" or "l") => l with { Inductance = v },
            // ngspice's K parameter is k (alias coefficient); |k| > 1 is accepted, as on the K line.
            (MutualInductanceElement k, "k" or "coefficient") => k with { Coupling = v },
            (VoltageSourceElement s, "dc") => s with { Dc = v },
            (CurrentSourceElement s, "dc") => s with { Dc = v },
            (VoltageSourceElement s, "acmag" or "ac") => s with { AcMagnitude = v },
            (CurrentSourceElement s, "acmag" or "ac") => s with { AcMagnitude = v },
            (VoltageSourceElement s, "acphase") => s with { AcPhaseDegrees = v },
            (CurrentSourceElement s, "acphase") => s with { AcPhaseDegrees = v },
            (VoltageSourceElement s, "pulse" or "sin" or "pwl") => s with { Waveform = Waveform(c, p, values) },
            (CurrentSourceElement s, "pulse" or "sin" or "pwl") => s with { Waveform = Waveform(c, p, values) },
            _ => throw new NetlistException(c.ArgumentLocation, name, $"not supported: alter of '{(p.Length == 0 ? "the value" : p)}' on {name}",
                "alter takes R resistance, C capacitance, L inductance, K k, V/I dc acmag acphase pulse sin pwl; altermod changes model parameters"),
        };
        _circuit = Replace(_circuit, altered);
        string canonical = p switch { "r" => "resistance", "c" => "capacitance", "l" => "inductance", "ac" => "acmag", "coefficient" => "k", _ => p };
        Script.Add(new NgspiceAlterCommand(name, canonical, values));
        Changed($"{name} {canonical}", $"{name} {canonical}={string.Join(' ', values.Select(x => x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))}");
    }

    private static Waveform Waveform(ControlCommand c, string kind, double[] v)
    {
        double? At(int k) => k < v.Length ? v[k] : null;
        return kind switch
        {
            "pulse" when v.Length is >= 2 and <= 7 => new PulseWaveform(v[0], v[1], At(2), At(3), At(4), At(5), At(6)),
            "sin" when v.Length is >= 2 and <= 6 => new SineWaveform(v[0], v[1], At(2), At(3), At(4), At(5)),
            "pwl" when v.Length >= 2 && v.Length % 2 == 0 && Enumerable.Range(1, v.Length / 2 - 1).All(k => v[2 * k] >= v[2 * k - 2]) =>
                new PwlWaveform(Enumerable.Range(0, v.Length / 2).Select(k => (v[2 * k], v[2 * k + 1])).ToList()),
            _ => throw c.Error($"alter: {v.Length} values do not make a {kind.ToUpperInvariant()} waveform",
                "pulse: v1 v2 [td tr tf pw per]; sin: vo va [freq td theta phase]; pwl: t1 v1 t2 v2 ... with rising times"),
        };
    }

    private void AlterModel(ControlCommand c, string args)
    {
        const string usage = "altermod model parameter = value | altermod @model[parameter] = value";
        var (name, parameter, valueText) = Target(c, args, usage);
        if (parameter is null) throw c.Error("altermod needs a parameter name", usage);
        if (!_circuit.Models.TryGetValue(name, out var card))
            throw new NetlistException(c.ArgumentLocation, name, $"altermod: no model '{name}'", "name a .model of the deck (in a subcircuit: x1.name)");
        double v = Evaluate(c, valueText)[0];
        var parameters = new Dictionary<string, double>(card.Parameters, StringComparer.Ordinal) { [parameter] = v };
        _circuit.Models[name] = card with { Parameters = parameters };
        Script.Add(new NgspiceAlterModelCommand(name, parameter, v));
        Changed($"{name} {parameter}", $"{name} {parameter}={v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}");
    }

    private void Option(ControlCommand c, string args)
    {
        var numeric = new SortedDictionary<string, double>(_circuit.Options.Numeric, StringComparer.Ordinal);
        foreach (Match m in Regex.Matches(args, @"([A-Za-z_]\w*)\s*=\s*(\S+)|(\S+)"))
        {
            if (!m.Groups[1].Success) continue; // options without a value are switches our engine does not have
            string name = m.Groups[1].Value.ToLowerInvariant();
            if (!SimulationOptions.KnownNumeric.Contains(name))
            {
                // As on .options lines: other simulators' and display options are warned about and ignored.
                Warnings.Add(new Diagnostic(Severity.Warning, c.ArgumentLocation.Offset(m.Index), name, $"option '{name}' ignored",
                    "known: " + string.Join(' ', SimulationOptions.KnownNumeric.Order())));
                continue;
            }
            double v = Evaluate(c, m.Groups[2].Value, m.Groups[2].Index)[0];
            numeric[name] = v;
            Script.Add(new NgspiceOptionCommand(name, v));
            Changed("option " + name, $"option {name}={v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}");
        }
        _circuit = _circuit.With(e => e, _circuit.Options with { Numeric = numeric });
        foreach (var a in _original.Analyses) _circuit.Analyses.Add(a);
        // ngspice re-evaluates model parameters that read temper at the new temperature.
        foreach (var (modelName, card) in _circuit.Models.ToList())
        {
            if (card.ParametersAtTemperature is { } at) _circuit.Models[modelName] = card with { Parameters = at(_circuit.Options.TemperatureCelsius) };
        }
    }

    /// <summary>Records a change in force; a later change of the same quantity replaces the earlier one in place.</summary>
    private void Changed(string key, string text)
    {
        int k = _altered.FindIndex(p => p.Key == key);
        if (k >= 0) _altered[k] = new(key, text);
        else _altered.Add(new(key, text));
    }

    private void Destroy(string args)
    {
        var words = Words(args);
        if (words.Count == 0 || words.Contains("all", StringComparer.OrdinalIgnoreCase))
        {
            _names.Clear();
            _current = null;
            return;
        }
        foreach (var w in words) _names.Remove(w.ToLowerInvariant());
        if (Runs.Count > 0 && words.Contains(Runs[^1].PlotName, StringComparer.OrdinalIgnoreCase)) _current = null;
    }

    private static NetlistCircuit Copy(NetlistCircuit circuit)
    {
        var copy = circuit.With(e => e);
        foreach (var a in circuit.Analyses) copy.Analyses.Add(a);
        return copy;
    }

    private static NetlistCircuit Replace(NetlistCircuit circuit, Element altered)
    {
        var copy = circuit.With(e => e.Name == altered.Name ? altered : e);
        foreach (var a in circuit.Analyses) copy.Analyses.Add(a);
        return copy;
    }
}
