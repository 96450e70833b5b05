using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Elements;

/// <summary>
/// Q: bipolar transistor with an NPN or PNP model card; Substrate is null on a three-terminal line (the substrate is then
/// ground, as in SPICE); Area scales currents and capacitances up and resistances down (an M multiplier is folded in).
/// </summary>
internal sealed record BjtElement(string Name, string Collector, string Base, string Emitter, string? Substrate, string Model, double Area = 1.0, bool Off = false)
    : Element(Name)
{
    public override IReadOnlyList<string> Nodes => Substrate is null ? [Collector, Base, Emitter] : [Collector, Base, Emitter, Substrate];
    public override Element WithNodes(IReadOnlyList<string> n) =>
        this with { Collector = n[0], Base = n[1], Emitter = n[2], Substrate = n.Count > 3 ? n[3] : null };
}

/// <summary>Q cards with an NPN/PNP model: the engine's Gummel-Poon transistor.</summary>
internal sealed class BjtKind : ElementKind<BjtElement>
{
    public override char? Letter => 'q';

    /// <summary>
    /// The optional substrate node is told from the model name as by position: after three nodes, a fourth plain
    /// word followed by another plain word (not a number, parameter, assignment or OFF) is the substrate node.
    /// </summary>
    public override Element Read(ElementCard card)
    {
        const string usage = "Q<name> collector base emitter [substrate] model [area] [off] [area=a] [m=k]";
        var reader = card.Reader;
        string c = card.Node("collector", usage);
        string b = card.Node("base", usage);
        string e = card.Node("emitter", usage);
        string? s = null;
        if (HasSubstrateNode(reader)) s = card.Node("substrate", usage);
        string modelName = card.Model(usage);
        double area = reader.NextIsValue() ? reader.Value("area", usage) : 1.0;
        bool off = reader.Accept("off");
        var extra = reader.Assignments(["area", "m"], usage);
        if (extra.TryGetValue("area", out var a2)) area = a2;
        double m = extra.GetValueOrDefault("m", 1);
        if (!(area > 0)) throw reader.Error(reader.Statement.Head, $"BJT area must be positive (got {area})", usage);
        if (!(m > 0)) throw reader.Error(reader.Statement.Head, $"BJT multiplier M must be positive (got {m})", usage);
        return new BjtElement(card.Name, c, b, e, s, modelName, area * m, off);
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

    protected override void CheckReferences(BjtElement q, ReferenceContext context) => context.RequireModelType(q, q.Model, "npn", "pnp");

    protected override IEnumerable<string> FormatValues(BjtElement q) => [q.Model + (q.Area != 1.0 ? " " + N(q.Area) : "") + (q.Off ? " off" : "")];

    /// <summary>The level is checked first (a VBIC or HICUM card would list dozens of unknown parameters).</summary>
    protected override Engine.Core.Entity ToEngine(BjtElement q, ElaborationContext context)
    {
        if (context.Netlist.Models.TryGetValue(q.Model, out var card)) RequireGummelPoon(card);
        var model = Model(context.Model(q, q.Model, "npn", Parameters), context.NominalCelsius);
        return new Engine.Components.Bjt(q.Name, q.Collector, q.Base, q.Emitter, q.Substrate ?? "0", model, q.Area) { Off = q.Off };
    }

    /// <summary>
    /// Gummel-Poon parameters we simulate, with SPICE's aliases (va, vb, ik, pe, me, pc, mc, ccs, ps, ms). KF/AF: flicker noise of .noise.
    /// and other names are not simulated and are reported as unused.
    /// </summary>
    public static readonly IReadOnlySet<string> Parameters = new HashSet<string>
    {
        "is", "bf", "nf", "vaf", "va", "ikf", "ik", "ise", "ne", "br", "nr", "var", "vb", "ikr", "isc", "nc", "rb", "irb", "rbm", "re", "rc",
        "cje", "vje", "pe", "mje", "me", "tf", "xtf", "vtf", "itf", "ptf", "cjc", "vjc", "pc", "mjc", "mc", "xcjc", "tr", "cjs", "ccs", "vjs", "ps",
        "mjs", "ms", "fc", "xtb", "eg", "xti", "tnom", "subs", "kf", "af",
    };

    /// <summary>NPN/PNP card to the engine's Gummel-Poon model (parameters per unit area; the instance applies its area).</summary>
    public static Engine.Components.BjtModel Model(ModelCard card, double nominalCelsius)
    {
        var m = new Engine.Components.BjtModel();
        double Get(double fallback, params string[] keys)
        {
            foreach (var k in keys)
                if (card.Parameters.TryGetValue(k, out var v)) return v;
            return fallback;
        }
        // SPICE: a zero Early voltage or knee current means "not given" (infinite).
        static double InfiniteIfZero(double v) => v == 0 ? double.PositiveInfinity : v;
        return m with
        {
            Name = card.Name,
            Polarity = card.Type == "pnp" ? Engine.Components.BjtPolarity.Pnp : Engine.Components.BjtPolarity.Npn,
            Is = Get(m.Is, "is"), Bf = Get(m.Bf, "bf"), Nf = Get(m.Nf, "nf"),
            Vaf = InfiniteIfZero(Get(m.Vaf, "vaf", "va")), Ikf = InfiniteIfZero(Get(m.Ikf, "ikf", "ik")),
            Ise = Get(m.Ise, "ise"), Ne = Get(m.Ne, "ne"), Br = Get(m.Br, "br"), Nr = Get(m.Nr, "nr"),
            Var = InfiniteIfZero(Get(m.Var, "var", "vb")), Ikr = InfiniteIfZero(Get(m.Ikr, "ikr")),
            Isc = Get(m.Isc, "isc"), Nc = Get(m.Nc, "nc"),
            Rb = Get(m.Rb, "rb"), Irb = InfiniteIfZero(Get(m.Irb, "irb")),
            Rbm = card.Parameters.TryGetValue("rbm", out var rbm) ? rbm : null,
            Re = Get(m.Re, "re"), Rc = Get(m.Rc, "rc"),
            Cje = Get(m.Cje, "cje"), Vje = Get(m.Vje, "vje", "pe"), Mje = Get(m.Mje, "mje", "me"),
            Tf = Get(m.Tf, "tf"), Xtf = Get(m.Xtf, "xtf"), Vtf = InfiniteIfZero(Get(m.Vtf, "vtf")), Itf = Get(m.Itf, "itf"), Ptf = Get(m.Ptf, "ptf"),
            Cjc = Get(m.Cjc, "cjc"), Vjc = Get(m.Vjc, "vjc", "pc"), Mjc = Get(m.Mjc, "mjc", "mc"), Xcjc = Get(m.Xcjc, "xcjc"),
            Tr = Get(m.Tr, "tr"),
            Cjs = Get(m.Cjs, "cjs", "ccs"), Vjs = Get(m.Vjs, "vjs", "ps"), Mjs = Get(m.Mjs, "mjs", "ms"),
            Kf = Get(m.Kf, "kf"), Af = Get(m.Af, "af"),
            Fc = Get(m.Fc, "fc"), Xtb = Get(m.Xtb, "xtb"), Eg = Get(m.Eg, "eg"), Xti = Get(m.Xti, "xti"),
            Tnom = (card.Parameters.TryGetValue("tnom", out var celsius) ? celsius : nominalCelsius) + 273.15, // default .options tnom, as ngspice
            Subs = card.Parameters.TryGetValue("subs", out var subs) ? (subs < 0 ? -1 : 1) : null,
        };
    }

    /// <summary>Throws at the card unless it is the Gummel-Poon level (LEVEL absent or 1).</summary>
    public static void RequireGummelPoon(ModelCard card)
    {
        double level = card.Get("level", 1);
        if (level != 1)
            throw new NetlistException(card.Location, card.Name,
                $"BJT model '{card.Name}' is level {level}; our engine simulates only the SPICE Gummel-Poon model (supported: level 1)",
                "use Gummel-Poon parameters (is, bf, vaf, ikf, ...) or run this deck with --backend ngspice");
    }
}
