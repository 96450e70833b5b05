using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Measurements;

/// <summary>A measure function that is valid ngspice but that we do not evaluate (PARAM, ERR...): the line is skipped with a warning.</summary>
internal sealed class UnsupportedMeasurementException(Token token, string message) : Exception(message)
{
    public Token Token { get; } = token;
}

/// <summary>
/// Reads the words after <c>.meas</c>/<c>.measure</c> (or the <c>meas</c> command of a control block) into a
/// <see cref="Measurement"/>; the <see cref="CardReader"/> must stand on the analysis word. Syntax errors are
/// <see cref="NetlistException"/>s located at the offending word. Forms (ngspice manual, .measure):
/// <code>
/// .meas tran|ac|dc name TRIG sig VAL=v [TD=t] [RISE=n|FALL=n|CROSS=n|LAST] TARG sig VAL=v [TD=t] [RISE|FALL|CROSS=...]
/// .meas ... name TRIG AT=t TARG ...
/// .meas ... name FIND sig AT=x
/// .meas ... name FIND sig WHEN sig=v|sig2 [TD=t] [RISE|FALL|CROSS=...]
/// .meas ... name WHEN sig=v|sig2 [TD=t] [RISE|FALL|CROSS=...]
/// .meas ... name AVG|RMS|MIN|MAX|MIN_AT|MAX_AT|PP|INTEG sig [FROM=x] [TO=x] [TD=t]
/// .meas ... name DERIV sig AT=x | DERIV sig WHEN ...
/// </code>
/// </summary>
internal static class MeasurementReader
{
    public const string Usage = ".meas tran|ac|dc name TRIG ... TARG ... | FIND sig AT=x | FIND sig WHEN sig=val | WHEN sig=val | AVG|RMS|MIN|MAX|MIN_AT|MAX_AT|PP|INTEG sig [FROM=x] [TO=x] | DERIV sig AT=x";

    private static readonly string[] CrossingParameters = ["val", "td", "rise", "fall", "cross"];
    private static readonly string[] WindowParameters = ["from", "to", "td"];

    /// <summary>Reads one measurement; <paramref name="card"/> stands on the analysis word.</summary>
    public static Measurement Read(CardReader card, SourceLocation location)
    {
        var analysisToken = card.Peek;
        string analysis = card.Name("analysis (tran, ac or dc)", Usage);
        // ngspice accepts the line and reports at run time that it measures only tran, ac, dc (and sp): skipped, warned.
        if (analysis is not ("tran" or "ac" or "dc"))
            throw new UnsupportedMeasurementException(analysisToken!, $".meas {analysis} is not evaluated: measurements read tran, ac or dc results");
        string name = card.Name("result name", Usage);
        var functionToken = card.Next("measure function", Usage);
        string word = functionToken.Kind == TokenKind.Word ? functionToken.Text.ToLowerInvariant() : "";
        // PARAM= reads as "param" "=" ...; ERR/ERR1..3 are HSPICE comparisons ngspice 39 does not evaluate either.
        if (word is "param" or "err" or "err1" or "err2" or "err3")
            throw new UnsupportedMeasurementException(functionToken, $".meas {word} is not supported (result '{name}' is not computed)");
        var function = word switch
        {
            "trig" or "delay" => MeasureFunction.TrigTarg,
            "find" => MeasureFunction.Find,
            "when" => MeasureFunction.When,
            "avg" => MeasureFunction.Average,
            "rms" => MeasureFunction.Rms,
            "min" => MeasureFunction.Minimum,
            "max" => MeasureFunction.Maximum,
            "min_at" => MeasureFunction.MinimumAt,
            "max_at" => MeasureFunction.MaximumAt,
            "pp" => MeasureFunction.PeakToPeak,
            "integ" or "integral" => MeasureFunction.Integral,
            "deriv" or "derivative" => MeasureFunction.Derivative,
            // ngspice 39 reads the line and reports at run time that the measurement failed ("no such function"), then
            // goes on: skipped with a warning here too, so both sides define no value.
            _ => throw new UnsupportedMeasurementException(functionToken,
                $"'{functionToken.Display}' is not a measure function (one of TRIG FIND WHEN AVG RMS MIN MAX MIN_AT MAX_AT PP INTEG DERIV); " +
                $"ngspice reports the measurement as failed, and '{name}' is not computed"),
        };
        var m = new Measurement(name, analysis, function, location) { Text = card.Statement.ToString() };
        switch (function)
        {
            case MeasureFunction.TrigTarg:
                m = TrigTarg(card, m);
                break;
            case MeasureFunction.When:
                m = m with { When = Crossing(card, analysis, whenForm: true) };
                break;
            case MeasureFunction.Find or MeasureFunction.Derivative:
                m = m with { Signal = Signal(card, analysis) };
                if (card.Accept("when")) m = m with { When = Crossing(card, analysis, whenForm: true) };
                else
                {
                    var p = Parameters(card, ["at"], $"{functionToken.Text} sig AT=x or {functionToken.Text} sig WHEN sig=value");
                    if (!p.TryGetValue("at", out double at))
                        throw card.Error(null, $"{functionToken.Text} needs AT=x or WHEN", Usage);
                    m = m with { At = at };
                }
                break;
            default:
                m = m with { Signal = Signal(card, analysis) };
                var w = Parameters(card, WindowParameters, $"{functionToken.Text} sig [FROM=x] [TO=x]");
                m = m with { From = w.TryGetValue("from", out double f) ? f : null, To = w.TryGetValue("to", out double t) ? t : null };
                break;
        }
        card.ExpectEnd(Usage);
        return m;
    }

    private static Measurement TrigTarg(CardReader card, Measurement m)
    {
        const string usage = "TRIG sig VAL=v RISE=n|FALL=n|CROSS=n [TD=t] TARG sig VAL=v RISE=n|FALL=n|CROSS=n [TD=t], or TRIG AT=t TARG ...";
        if (card.IsAssignmentAt(card.Position) && card.Peek!.Is("at"))
        {
            card.Position += 2; // AT =
            m = m with { At = card.Value("trigger time AT", usage) };
        }
        else m = m with { Trigger = Crossing(card, m.AnalysisKind, whenForm: false, requireCount: true) };
        var targ = card.Next("TARG", usage);
        if (!targ.Is("targ")) throw card.Error(targ, "expected TARG", usage);
        return m with { Target = Crossing(card, m.AnalysisKind, whenForm: false, requireCount: true) };
    }

    /// <summary>WHEN sig=value|sig2 [params] (<paramref name="whenForm"/>) or sig VAL=v [params] (TRIG/TARG).</summary>
    private static MeasureCrossing Crossing(CardReader card, string analysis, bool whenForm, bool requireCount = false)
    {
        const string usage = "sig VAL=v [TD=t] [RISE=n|FALL=n|CROSS=n|LAST]; WHEN sig=value|sig2 [TD=t] [RISE=n|FALL=n|CROSS=n]";
        var start = card.Peek;
        string signal = Signal(card, analysis);
        double? level = null;
        string? other = null;
        if (whenForm)
        {
            var eq = card.Next("'='", usage);
            if (eq.Kind != TokenKind.Equals) throw card.Error(eq, "expected '=' after the WHEN signal", usage);
            if (IsSignalStart(card)) other = Signal(card, analysis);
            else level = card.Value("WHEN value", usage);
        }
        int rise = MeasureCrossing.NotGiven, fall = MeasureCrossing.NotGiven, cross = MeasureCrossing.NotGiven;
        double delay = 0;
        while (!card.AtEnd && !card.Peek!.Is("targ"))
        {
            var nameToken = card.Next("parameter", usage);
            if (nameToken.Is("last")) { cross = MeasureCrossing.Last; rise = fall = MeasureCrossing.NotGiven; continue; }
            string pname = nameToken.Kind == TokenKind.Word ? nameToken.Text.ToLowerInvariant() : "";
            if (!CrossingParameters.Contains(pname) || (whenForm && pname == "val"))
                throw card.Error(nameToken, $"unknown .meas parameter '{nameToken.Display}'", "allowed here: " + string.Join(' ', CrossingParameters.Where(p => !whenForm || p != "val")));
            var eq = card.Next("'='", usage);
            if (eq.Kind != TokenKind.Equals) throw card.Error(eq, $"expected '=' after {nameToken.Text}", usage);
            if (pname is "rise" or "fall" or "cross")
            {
                int count;
                var valueToken = card.Peek;
                if (card.Accept("last")) count = MeasureCrossing.Last;
                else
                {
                    double v = card.Value($"{pname} count", usage);
                    count = (int)Math.Floor(v + 0.5);
                    if (count < 1 || Math.Abs(v - count) > 1e-9)
                        throw card.Error(valueToken, $"{pname.ToUpperInvariant()} must be a whole number from 1 (or LAST)", usage);
                }
                // The last count given wins, as in ngspice.
                (rise, fall, cross) = pname switch
                {
                    "rise" => (count, MeasureCrossing.NotGiven, MeasureCrossing.NotGiven),
                    "fall" => (MeasureCrossing.NotGiven, count, MeasureCrossing.NotGiven),
                    _ => (MeasureCrossing.NotGiven, MeasureCrossing.NotGiven, count),
                };
            }
            else if (pname == "val") level = card.Value("VAL", usage);
            else
            {
                var valueToken = card.Peek;
                delay = card.Value("TD", usage);
                if (delay < 0) throw card.Error(valueToken, "TD must not be negative", usage);
            }
        }
        if (!whenForm && level is null) throw card.Error(start, "TRIG and TARG need VAL=value", usage);
        if (requireCount && rise == MeasureCrossing.NotGiven && fall == MeasureCrossing.NotGiven && cross == MeasureCrossing.NotGiven)
            throw card.Error(start, "TRIG and TARG need RISE=, FALL= or CROSS= (ngspice refuses them without)", usage);
        return new MeasureCrossing(signal, level, other, rise, fall, cross, delay);
    }

    private static bool IsSignalStart(CardReader card) =>
        card.Position + 1 < card.Tokens.Count && card.Peek!.Kind == TokenKind.Word && card.Tokens[card.Position + 1].Kind == TokenKind.LeftParen
        && SignalPrefix(card.Peek.Text.ToLowerInvariant()) is not null;

    private static readonly System.Text.RegularExpressions.Regex BareVector = new(@"^[A-Za-z_][\w.#]*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static string? SignalPrefix(string word) => word is "v" or "i" or "vdb" or "vm" or "vp" or "vr" or "vi" ? word : null;

    /// <summary>v(node), i(source), and for AC vdb/vm/vp/vr/vi(node); lower case, as ngspice names vectors.</summary>
    private static string Signal(CardReader card, string analysis)
    {
        const string usage = "v(node) or i(source); for .meas ac also vdb(node), vm(node), vp(node) (radians), vr(node), vi(node)";
        var head = card.Next("signal", usage);
        string prefix = head.Kind == TokenKind.Word ? head.Text.ToLowerInvariant() : "";
        if (prefix == "par") throw new UnsupportedMeasurementException(head, "par() expressions in .meas are not supported (the measurement is not computed)");
        // A bare name is a vector of the plot: a node ("out" is v(out)) or, in a control block, a let vector.
        if (head.Kind == TokenKind.Word && (card.AtEnd || card.Peek!.Kind != TokenKind.LeftParen) && BareVector.IsMatch(head.Text))
            return prefix;
        if (SignalPrefix(prefix) is null || card.AtEnd || card.Peek!.Kind != TokenKind.LeftParen)
            throw card.Error(head, $"expected a signal, found '{head.Display}'", usage);
        if (prefix.Length > 1 && analysis != "ac")
            throw card.Error(head, $"{prefix}() is an AC vector; .meas {analysis} reads v(node) or i(source)", usage);
        card.Position++;
        var nameToken = card.Peek;
        string node = card.Name(prefix == "i" ? "source name" : "node name", usage);
        if (card.Peek?.Kind == TokenKind.Comma)
            throw card.Error(card.Peek, "a voltage between two nodes is not a vector ngspice's .meas can read", "measure each node, or add an E source that outputs the difference");
        var close = card.Next("')'", usage);
        if (close.Kind != TokenKind.RightParen) throw card.Error(close, "expected ')'", usage);
        if (node is "0" or "gnd") throw card.Error(nameToken, "ground is not a vector", "measure a node other than ground");
        return $"{prefix}({node})";
    }

    /// <summary>name=value pairs, each name from <paramref name="allowed"/>, until the end of the line.</summary>
    private static Dictionary<string, double> Parameters(CardReader card, string[] allowed, string usage)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        while (!card.AtEnd)
        {
            var nameToken = card.Next("parameter", usage);
            string pname = nameToken.Kind == TokenKind.Word ? nameToken.Text.ToLowerInvariant() : "";
            if (!allowed.Contains(pname))
                throw card.Error(nameToken, $"unknown .meas parameter '{nameToken.Display}'", "allowed here: " + string.Join(' ', allowed.Select(a => a.ToUpperInvariant())));
            var eq = card.Next("'='", usage);
            if (eq.Kind != TokenKind.Equals) throw card.Error(eq, $"expected '=' after {nameToken.Text}", usage);
            var valueToken = card.Peek;
            double v = card.Value(pname.ToUpperInvariant(), usage);
            if (pname == "td" && v < 0) throw card.Error(valueToken, "TD must not be negative", usage);
            result[pname] = v;
        }
        return result;
    }
}
