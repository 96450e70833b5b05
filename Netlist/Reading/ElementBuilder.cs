using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Reading;

/// <summary>Builds one element (R C L K V I E F G H D M Q S B) from its line, values evaluated in the instance scope.</summary>
public static class ElementBuilder
{
    public static Element Build(CardReader card, NodeNamer namer, Func<string, SourceLocation, string> model)
    {
        var head = card.Statement.Head;
        string name = namer.Element(head.Text);
        char letter = char.ToLowerInvariant(head.Text[0]);
        Element element = letter switch
        {
            'r' => Resistor(card, namer, name),
            'c' => Capacitor(card, namer, name),
            'l' => Inductor(card, namer, name),
            'v' => Source(card, namer, name, voltage: true),
            'i' => Source(card, namer, name, voltage: false),
            'e' => Controlled(card, namer, name, voltage: true),
            'g' => Controlled(card, namer, name, voltage: false),
            'f' => CurrentControlled(card, namer, name, voltage: false),
            'h' => CurrentControlled(card, namer, name, voltage: true),
            'd' => Diode(card, namer, name, model),
            'm' => Mosfet(card, namer, name, model),
            'q' => Bjt(card, namer, name, model),
            's' => Switch(card, namer, name, model),
            'b' => Behavioral(card, namer, name),
            'k' => Coupling(card, namer, name),
            _ => throw new NetlistException(head.Location, head.Text, $"element type '{char.ToUpperInvariant(letter)}' is not supported",
                "supported: R C L K V I E F G H D M Q S B X"),
        };
        return element with { Location = card.Statement.Location };
    }

    private static Element Resistor(CardReader card, NodeNamer namer, string name)
    {
        const string usage = "R<name> n+ n- value [m=k] [tc1=a | tc=a] [tc2=b]";
        var (a, b) = TwoNodes(card, namer, usage);
        if (BehavioralPassiveReader.TryRead(card, namer, name, a, b, PassiveKind.Resistor) is { } behavioral) return behavioral;
        double? r = card.OptionalValue("resistance", usage);
        var extra = card.Assignments(["r", "resistance", "m", "tc1", "tc", "tc2"], usage);
        double value = Pick(card, r, extra, "resistance", usage, "r", "resistance");
        if (value == 0) throw card.Error(card.Tokens[^1], "resistance must not be zero", "use a voltage source of 0 V for a short");
        // tc= is ngspice's (and HSPICE's) short form of tc1=.
        if (extra.ContainsKey("tc1") && extra.ContainsKey("tc"))
            throw card.Error(card.Statement.Head, "first-order temperature coefficient given twice (tc1= and tc=)", usage);
        double tc1 = extra.TryGetValue("tc1", out var t1) ? t1 : extra.GetValueOrDefault("tc");
        return new Resistor(name, a, b, value / extra.GetValueOrDefault("m", 1), tc1, extra.GetValueOrDefault("tc2"));
    }

    private static Element Capacitor(CardReader card, NodeNamer namer, string name)
    {
        const string usage = "C<name> n+ n- value [ic=v0] [m=k]";
        var (a, b) = TwoNodes(card, namer, usage);
        if (BehavioralPassiveReader.TryRead(card, namer, name, a, b, PassiveKind.Capacitor) is { } behavioral) return behavioral;
        double? c = card.OptionalValue("capacitance", usage);
        var extra = card.Assignments(["c", "capacitance", "ic", "m"], usage);
        double value = Pick(card, c, extra, "capacitance", usage, "c", "capacitance");
        return new Capacitor(name, a, b, value * extra.GetValueOrDefault("m", 1), extra.TryGetValue("ic", out var ic) ? ic : null);
    }

    private static Element Inductor(CardReader card, NodeNamer namer, string name)
    {
        const string usage = "L<name> n+ n- value [ic=i0] [m=k]";
        var (a, b) = TwoNodes(card, namer, usage);
        if (BehavioralPassiveReader.TryRead(card, namer, name, a, b, PassiveKind.Inductor) is { } behavioral) return behavioral;
        double? l = card.OptionalValue("inductance", usage);
        var extra = card.Assignments(["l", "inductance", "ic", "m"], usage);
        double value = Pick(card, l, extra, "inductance", usage, "l", "inductance");
        return new Inductor(name, a, b, value / extra.GetValueOrDefault("m", 1), extra.TryGetValue("ic", out var ic) ? ic : null);
    }

    private static double Pick(CardReader card, double? positional, Dictionary<string, double> extra, string what, string usage, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (!extra.TryGetValue(key, out var v)) continue;
            if (positional is not null) throw card.Error(card.Statement.Head, $"{what} given twice", usage);
            positional = v;
        }
        return positional ?? throw card.Error(card.Peek, $"missing {what}", usage);
    }

    private static Element Source(CardReader card, NodeNamer namer, string name, bool voltage)
    {
        string usage = $"{(voltage ? 'V' : 'I')}<name> n+ n- [[DC] value] [AC mag [phase]] [PULSE(...)|SIN(...)|EXP(...)|PWL(...)]";
        var (a, b) = TwoNodes(card, namer, usage);
        double? dc = null, ac = null, phase = null;
        Waveform? waveform = null;
        while (!card.AtEnd)
        {
            var t = card.Peek!;
            if (t.Is("dc"))
            {
                card.Position++;
                if (card.Peek?.Kind == TokenKind.Equals) card.Position++; // dc=1.2 (HSPICE style, ngspice accepts it)
                dc = Once(card, t, dc, card.Value("DC value", usage), usage);
            }
            else if (t.Is("ac") && (card.IsAssignmentAt(card.Position) || card.Accept("ac")))
            {
                if (card.IsAssignmentAt(card.Position)) card.Position += 2; // ac=1 (LTspice/HSPICE style)
                ac = Once(card, t, ac, card.NextIsValue() ? card.Value("AC magnitude", usage) : 1.0, usage);
                if (card.NextIsValue()) phase = card.Value("AC phase in degrees", usage);
            }
            else if (WaveformReader.IsWaveformKeyword(t))
            {
                if (waveform is not null) throw card.Error(t, "second waveform on one source", usage);
                waveform = WaveformReader.Read(card);
            }
            else if (dc is null && card.NextIsValue())
                dc = card.Value("DC value", usage);
            else
                throw card.Error(t, "unexpected token in source", usage);
        }
        return voltage
            ? new VoltageSource(name, a, b, dc, waveform, ac, phase)
            : new CurrentSource(name, a, b, dc, waveform, ac, phase);
    }

    private static double Once(CardReader card, Token t, double? previous, double value, string usage) =>
        previous is null ? value : throw card.Error(t, $"{t.Text} given twice", usage);

    private static Element Controlled(CardReader card, NodeNamer namer, string name, bool voltage)
    {
        string usage = voltage
            ? "E<name> out+ out- in+ in- gain, E<name> out+ out- value={expr}, table {expr}=(x,y)..., or poly(n) nodes... p0 p1 ..."
            : "G<name> out+ out- in+ in- gm, G<name> out+ out- value={expr}, table {expr}=(x,y)..., or poly(n) nodes... p0 p1 ...";
        var (a, b) = TwoNodes(card, namer, usage);
        if (card.Peek is { } t && (t.Is("value") || t.Is("vol") || t.Is("cur")) && card.IsAssignmentAt(card.Position))
        {
            card.Position += 2;
            var expr = ValueTokens.ToExpression(card.Tokens, card.Position, card.Tokens.Count);
            card.Position = card.Tokens.Count;
            return new BehavioralSource(name, a, b, voltage, new ExpressionBinder(card.Scope, namer).Bind(expr));
        }
        if (card.Peek is { } table && table.Is("table") && !card.IsAssignmentAt(card.Position))
            return new BehavioralSource(name, a, b, voltage, ControlledSourceForms.Table(card, namer, usage));
        if (card.Peek is { } poly && poly.Is("poly") && card.Position + 1 < card.Tokens.Count && card.Tokens[card.Position + 1].Kind == TokenKind.LeftParen)
            return new BehavioralSource(name, a, b, voltage, ControlledSourceForms.Poly(card, namer, currentControlled: false, usage));
        var (cp, cn) = ControlledSourceForms.NodePair(card, namer, usage);
        double gain = card.Value(voltage ? "gain" : "transconductance", usage);
        card.ExpectEnd(usage);
        return voltage ? new Vcvs(name, a, b, cp, cn, gain) : new Vccs(name, a, b, cp, cn, gain);
    }

    private static Element CurrentControlled(CardReader card, NodeNamer namer, string name, bool voltage)
    {
        string usage = voltage ? "H<name> n+ n- vcontrol transresistance, or poly(n) v1 v2 ... p0 p1 ..." : "F<name> n+ n- vcontrol gain, or poly(n) v1 v2 ... p0 p1 ...";
        var (a, b) = TwoNodes(card, namer, usage);
        if (card.Peek is { } poly && poly.Is("poly") && card.Position + 1 < card.Tokens.Count && card.Tokens[card.Position + 1].Kind == TokenKind.LeftParen)
        {
            var polynomial = ControlledSourceForms.Poly(card, namer, currentControlled: true, usage, out string written);
            return new BehavioralSource(name, a, b, voltage, polynomial) { PolyCard = written };
        }
        string control = namer.Element(card.Name("controlling voltage source", usage));
        double gain = card.Value(voltage ? "transresistance" : "gain", usage);
        card.ExpectEnd(usage);
        return voltage ? new Ccvs(name, a, b, control, gain) : new Cccs(name, a, b, control, gain);
    }

    private static Diode Diode(CardReader card, NodeNamer namer, string name, Func<string, SourceLocation, string> model)
    {
        const string usage = "D<name> anode cathode model [area] [off] [temp=°C] [dtemp=°C]";
        var (a, b) = TwoNodes(card, namer, usage);
        var modelToken = card.Peek;
        string modelName = model(card.Name("model name", usage), modelToken!.Location);
        double area = card.NextIsValue() ? card.Value("area", usage) : 1.0;
        bool off = card.Accept("off");
        var extra = card.Assignments(["area", "temp", "dtemp"], usage);
        if (extra.TryGetValue("area", out var a2)) area = a2;
        if (area <= 0) throw card.Error(card.Statement.Head, "diode area must be positive", usage);
        double? temp = extra.TryGetValue("temp", out var t) ? t : null, dtemp = extra.TryGetValue("dtemp", out var dt) ? dt : null;
        if (temp <= -273.15) throw card.Error(card.Statement.Head, "diode temp must be above -273.15 °C", usage);
        return new Diode(name, a, b, modelName, area, off, temp, dtemp);
    }

    private static Mosfet Mosfet(CardReader card, NodeNamer namer, string name, Func<string, SourceLocation, string> model)
    {
        const string usage = "M<name> drain gate source bulk model [L=l] [W=w] [M=m] [AD=a] [AS=a] [PD=p] [PS=p] [NRD=n] [NRS=n] [off]";
        string d = namer.Node(card.Node("drain", usage));
        string g = namer.Node(card.Node("gate", usage));
        string s = namer.Node(card.Node("source", usage));
        string b = namer.Node(card.Node("bulk", usage));
        var modelToken = card.Peek;
        string modelName = model(card.Name("model name", usage), modelToken!.Location);
        bool off = card.Accept("off");
        var tokens = card.Tokens;
        if (!off && tokens.Count > card.Position + 1 && tokens[^1].Is("off") && tokens[^2].Kind != TokenKind.Equals)
        {
            // SPICE writes OFF after the parameters: read the parameters without it.
            off = true;
            card = new CardReader(new Statement(tokens.Take(tokens.Count - 1).ToList(), card.Statement.SourceLines, card.Statement.Location), card.Scope)
            { Position = card.Position };
        }
        var p = card.Assignments(["l", "w", "m", "ad", "as", "pd", "ps", "nrd", "nrs"], usage);
        double? Get(string key) => p.TryGetValue(key, out var v) ? v : null;
        foreach (var key in new[] { "l", "w", "m" })
            if (p.TryGetValue(key, out var v) && !(v > 0)) throw card.Error(card.Statement.Head, $"MOSFET {key.ToUpperInvariant()} must be positive (got {v})", usage);
        return new Mosfet(name, d, g, s, b, modelName, Get("l"), Get("w"), Get("m"), Get("ad"), Get("as"), Get("pd"), Get("ps"), off, Get("nrd"), Get("nrs"));
    }

    /// <summary>
    /// Q line. The optional substrate node is told from the model name as by position: after three nodes, a fourth plain
    /// word followed by another plain word (not a number, parameter, assignment or OFF) is the substrate node.
    /// </summary>
    private static Bjt Bjt(CardReader card, NodeNamer namer, string name, Func<string, SourceLocation, string> model)
    {
        const string usage = "Q<name> collector base emitter [substrate] model [area] [off] [area=a] [m=k]";
        string c = namer.Node(card.Node("collector", usage));
        string b = namer.Node(card.Node("base", usage));
        string e = namer.Node(card.Node("emitter", usage));
        string? s = null;
        if (HasSubstrateNode(card)) s = namer.Node(card.Node("substrate", usage));
        var modelToken = card.Peek;
        string modelName = model(card.Name("model name", usage), modelToken!.Location);
        double area = card.NextIsValue() ? card.Value("area", usage) : 1.0;
        bool off = card.Accept("off");
        var extra = card.Assignments(["area", "m"], usage);
        if (extra.TryGetValue("area", out var a2)) area = a2;
        double m = extra.GetValueOrDefault("m", 1);
        if (!(area > 0)) throw card.Error(card.Statement.Head, $"BJT area must be positive (got {area})", usage);
        if (!(m > 0)) throw card.Error(card.Statement.Head, $"BJT multiplier M must be positive (got {m})", usage);
        return new Bjt(name, c, b, e, s, modelName, area * m, off);
    }

    private static bool HasSubstrateNode(CardReader card)
    {
        int p = card.Position;
        var tokens = card.Tokens;
        if (p + 1 >= tokens.Count || card.IsAssignmentAt(p) || card.IsAssignmentAt(p + 1)) return false;
        if (tokens[p].Kind != TokenKind.Word || tokens[p + 1].Kind != TokenKind.Word || tokens[p + 1].Is("off")) return false;
        card.Position = p + 1;
        bool value = card.NextIsValue();
        card.Position = p;
        return !value;
    }

    private static VoltageSwitch Switch(CardReader card, NodeNamer namer, string name, Func<string, SourceLocation, string> model)
    {
        const string usage = "S<name> n+ n- nc+ nc- model [on|off]";
        var (a, b) = TwoNodes(card, namer, usage);
        string cp = namer.Node(card.Node("controlling positive", usage));
        string cn = namer.Node(card.Node("controlling negative", usage));
        var modelToken = card.Peek;
        string modelName = model(card.Name("model name", usage), modelToken!.Location);
        bool? on = card.Accept("on") ? true : card.Accept("off") ? false : null;
        card.ExpectEnd(usage);
        return new VoltageSwitch(name, a, b, cp, cn, modelName, on);
    }

    private static MutualInductance Coupling(CardReader card, NodeNamer namer, string name)
    {
        const string usage = "K<name> L<first> L<second> k (coupling factor, 0 < |k| <= 1)";
        var first = card.Peek;
        string l1 = namer.Element(card.Name("first inductor", usage));
        var second = card.Peek;
        string l2 = namer.Element(card.Name("second inductor", usage));
        foreach (var (token, l) in new[] { (first, l1), (second, l2) })
        {
            if (l.Length == 0 || char.ToLowerInvariant(token!.Text[0]) != 'l')
                throw card.Error(token, $"'{token!.Text}' is not an inductor name", usage);
        }
        if (l1 == l2) throw card.Error(second, "an inductor cannot be coupled to itself", usage);
        var kToken = card.Peek;
        double k = card.Value("coupling factor", usage);
        card.ExpectEnd(usage);
        if (!(Math.Abs(k) > 0 && Math.Abs(k) <= 1)) throw card.Error(kToken, $"coupling factor {k} is outside 0 < |k| <= 1", usage);
        return new MutualInductance(name, l1, l2, k);
    }

    private static BehavioralSource Behavioral(CardReader card, NodeNamer namer, string name)
    {
        const string usage = "B<name> n+ n- V={expr} or I={expr}";
        var (a, b) = TwoNodes(card, namer, usage);
        var kind = card.Next("V= or I=", usage);
        if (!(kind.Is("v") || kind.Is("i")) || card.AtEnd || card.Peek!.Kind != TokenKind.Equals)
            throw card.Error(kind, "expected V= or I=", usage);
        card.Position++;
        var expr = ValueTokens.ToExpression(card.Tokens, card.Position, card.Tokens.Count);
        card.Position = card.Tokens.Count;
        return new BehavioralSource(name, a, b, kind.Is("v"), new ExpressionBinder(card.Scope, namer).Bind(expr));
    }

    private static (string, string) TwoNodes(CardReader card, NodeNamer namer, string usage) =>
        (namer.Node(card.Node("positive", usage)), namer.Node(card.Node("negative", usage)));
}
