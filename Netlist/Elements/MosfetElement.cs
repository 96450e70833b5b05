using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Elements;

/// <summary>
/// M: MOSFET with an NMOS or PMOS model card; geometry L, W (m), multiplier M, diffusion areas AD, AS (m²),
/// perimeters PD, PS (m) and squares NRD, NRS as written (null = not given, SPICE's defaults apply).
/// </summary>
internal sealed record MosfetElement(string Name, string Drain, string Gate, string Source, string Bulk, string Model,
    double? L = null, double? W = null, double? M = null, double? Ad = null, double? As = null, double? Pd = null, double? Ps = null, bool Off = false,
    double? Nrd = null, double? Nrs = null)
    : Element(Name)
{
    public override IReadOnlyList<string> Nodes => [Drain, Gate, Source, Bulk];
    public override Element WithNodes(IReadOnlyList<string> n) => this with { Drain = n[0], Gate = n[1], Source = n[2], Bulk = n[3] };

    /// <summary>The instance parameters that were given, by lower-case SPICE name, in card order.</summary>
    public IEnumerable<KeyValuePair<string, double>> GivenParameters()
    {
        (string, double?)[] all = [("l", L), ("w", W), ("m", M), ("ad", Ad), ("as", As), ("pd", Pd), ("ps", Ps), ("nrd", Nrd), ("nrs", Nrs)];
        foreach (var (key, value) in all)
            if (value is { } v) yield return new(key, v);
    }
}

/// <summary>M cards with an NMOS/PMOS model: the engine's MOSFET, levels 1 (Shichman-Hodges), 2 (Grove-Frohman) and 3 (semi-empirical).</summary>
internal sealed class MosfetKind : ElementKind<MosfetElement>
{
    public override char? Letter => 'm';

    public override Element Read(ElementCard card)
    {
        const string usage = "M<name> drain gate source bulk model [L=l] [W=w] [M=m] [AD=a] [AS=a] [PD=p] [PS=p] [NRD=n] [NRS=n] [off]";
        string d = card.Node("drain", usage);
        string g = card.Node("gate", usage);
        string s = card.Node("source", usage);
        string b = card.Node("bulk", usage);
        string modelName = card.Model(usage);
        var reader = card.Reader;
        bool off = reader.Accept("off");
        var tokens = reader.Tokens;
        if (!off && tokens.Count > reader.Position + 1 && tokens[^1].Is("off") && tokens[^2].Kind != TokenKind.Equals)
        {
            // SPICE writes OFF after the parameters: read the parameters without it.
            off = true;
            reader = new CardReader(new Statement(tokens.Take(tokens.Count - 1).ToList(), reader.Statement.SourceLines, reader.Statement.Location), reader.Scope)
            { Position = reader.Position };
        }
        var p = reader.Assignments(["l", "w", "m", "ad", "as", "pd", "ps", "nrd", "nrs"], usage);
        double? Get(string key) => p.TryGetValue(key, out var v) ? v : null;
        foreach (var key in new[] { "l", "w", "m" })
            if (p.TryGetValue(key, out var v) && !(v > 0)) throw reader.Error(reader.Statement.Head, $"MOSFET {key.ToUpperInvariant()} must be positive (got {v})", usage);
        return new MosfetElement(card.Name, d, g, s, b, modelName, Get("l"), Get("w"), Get("m"), Get("ad"), Get("as"), Get("pd"), Get("ps"), off, Get("nrd"), Get("nrs"));
    }

    protected override void CheckReferences(MosfetElement m, ReferenceContext context) => context.RequireModelType(m, m.Model, "nmos", "pmos");

    protected override IEnumerable<string> FormatValues(MosfetElement m) =>
        [m.Model + string.Concat(m.GivenParameters().Select(p => $" {p.Key}={N(p.Value)}")) + (m.Off ? " off" : "")];

    /// <summary>The level is checked before unknown parameters are reported (a BSIM card would list dozens).</summary>
    protected override Engine.Core.Entity ToEngine(MosfetElement m, ElaborationContext context)
    {
        if (context.Netlist.Models.TryGetValue(m.Model, out var card)) RequireSupportedLevel(card);
        var model = Model(context.Model(m, m.Model, "nmos", card is null ? Parameters : ParametersOfLevel(card)), context.NominalCelsius);
        return new Engine.Components.Mosfet(m.Name, m.Drain, m.Gate, m.Source, m.Bulk, model, Geometry(m, card, context.Netlist.Options)) { Off = m.Off };
    }

    /// <summary>Level-1 MOSFET model parameters we simulate (vt0 and uo are ngspice's aliases of vto and u0).</summary>
    public static readonly IReadOnlySet<string> Parameters = new HashSet<string>
    {
        "vto", "vt0", "kp", "gamma", "phi", "lambda", "tox", "u0", "uo", "ld", "rd", "rs", "rsh", "is", "js", "cgso", "cgdo", "cgbo",
        "cbd", "cbs", "cj", "mj", "cjsw", "mjsw", "pb", "fc", "tnom", "nsub", "nss", "tpg", "l", "w", "kf", "af",
    };

    /// <summary>Level-2 (Grove-Frohman) parameters: level 1's plus those of ngspice 39's mos2.c (UTRA is not among them there either).</summary>
    public static readonly IReadOnlySet<string> Level2Parameters = new HashSet<string>(Parameters)
    {
        "delta", "uexp", "ucrit", "vmax", "xj", "neff", "nfs",
    };

    /// <summary>Level-3 (semi-empirical) parameters as ngspice 39's mos3.c names them (no LAMBDA at level 3).</summary>
    public static readonly IReadOnlySet<string> Level3Parameters = new HashSet<string>(Parameters.Where(p => p != "lambda"))
    {
        "xl", "wd", "xw", "delvto", "delvt0", "vmax", "xj", "nfs", "eta", "delta", "theta", "kappa",
    };

    /// <summary>Level-6 (n-th power law) parameters as ngspice 39's mos6.c names them.</summary>
    public static readonly IReadOnlySet<string> Level6Parameters = new HashSet<string>(Parameters)
    {
        "kv", "nv", "kc", "nc", "lambda0", "lambda1", "gamma1", "sigma",
    };

    /// <summary>The parameters the card's level reads.</summary>
    public static IReadOnlySet<string> ParametersOfLevel(ModelCard card) => card.Get("level", 1) switch
    {
        2 => Level2Parameters,
        3 => Level3Parameters,
        6 => Level6Parameters,
        _ => Parameters,
    };

    /// <summary>
    /// NMOS/PMOS card to the engine's model. LEVEL 1 (or none), 2, 3 and 6 are simulated; any other level (BSIM
    /// 4/8/49/54, ...) is an error at the card naming the model and the supported levels. TNOM not on the card is
    /// <paramref name="nominalCelsius"/> (.options tnom), as in ngspice's mos1temp.c. Levels 2 and 3 default TOX to
    /// 0.1 µm and MJSW to 0.33 (ngspice mos2set.c, mos3set.c); a level-3 LAMBDA or a level-1 UCRIT is not read (warning).
    /// </summary>
    public static Engine.Components.MosfetModel Model(ModelCard card, double nominalCelsius)
    {
        RequireSupportedLevel(card);
        int level = (int)card.Get("level", 1);
        var m = new Engine.Components.MosfetModel { Level = level };
        double? Optional(params string[] keys)
        {
            foreach (var k in keys)
                if (card.Parameters.TryGetValue(k, out var v)) return v;
            return null;
        }
        var model = m with
        {
            Name = card.Name,
            Polarity = card.Type == "pmos" ? Engine.Components.MosfetPolarity.Pmos : Engine.Components.MosfetPolarity.Nmos,
            Vto = Optional("vto", "vt0") ?? m.Vto,
            Kp = Optional("kp"),
            Gamma = card.Get("gamma", m.Gamma),
            Phi = card.Get("phi", m.Phi),
            Lambda = level == 3 ? 0 : card.Get("lambda", m.Lambda),
            Tox = Optional("tox"),
            U0 = Optional("u0", "uo") ?? m.U0,
            Ld = card.Get("ld", m.Ld),
            Rd = card.Get("rd", m.Rd),
            Rs = card.Get("rs", m.Rs),
            Rsh = card.Get("rsh", m.Rsh),
            Is = card.Get("is", m.Is),
            Js = card.Get("js", m.Js),
            Cgso = card.Get("cgso", m.Cgso),
            Cgdo = card.Get("cgdo", m.Cgdo),
            Cgbo = card.Get("cgbo", m.Cgbo),
            Cbd = Optional("cbd"),
            Cbs = Optional("cbs"),
            Cj = Optional("cj"),
            Mj = card.Get("mj", m.Mj),
            Cjsw = Optional("cjsw"),
            Mjsw = card.Get("mjsw", level is 2 or 3 ? 0.33 : m.Mjsw),
            Pb = card.Get("pb", m.Pb),
            Fc = card.Get("fc", m.Fc),
            Tnom = card.Get("tnom", nominalCelsius) + 273.15,
            Kf = card.Get("kf", m.Kf),
            Af = card.Get("af", m.Af),
        };
        if (level is 2 or 3)
        {
            model = model with
            {
                Nfs = card.Get("nfs", m.Nfs),
                Xj = card.Get("xj", m.Xj),
                Delta = card.Get("delta", m.Delta),
                Vmax = card.Get("vmax", m.Vmax),
            };
        }
        if (level == 2)
            model = model with { Ucrit = card.Get("ucrit", m.Ucrit), Uexp = card.Get("uexp", m.Uexp), Neff = card.Get("neff", m.Neff) };
        if (level == 6)
        {
            model = model with
            {
                Kv = card.Get("kv", m.Kv),
                Nv = card.Get("nv", m.Nv),
                Kc = Optional("kc"),
                Nc = card.Get("nc", m.Nc),
                Lambda = Optional("lambda0", "lambda") ?? 0,
                Lambda1 = card.Get("lambda1", m.Lambda1),
                Gamma1 = card.Get("gamma1", m.Gamma1),
                Sigma = card.Get("sigma", m.Sigma),
            };
        }
        if (level == 3)
        {
            model = model with
            {
                Theta = card.Get("theta", m.Theta),
                Eta = card.Get("eta", m.Eta),
                Kappa = card.Get("kappa", m.Kappa),
                Xl = card.Get("xl", m.Xl),
                Wd = card.Get("wd", m.Wd),
                Xw = card.Get("xw", m.Xw),
                Delvto = Optional("delvto", "delvt0") ?? m.Delvto,
            };
        }
        if (Optional("nsub") is not { } nsub) return model;
        try
        {
            return model.WithSubstrateDoping(nsub, card.Get("nss", 0), card.Get("tpg", 1), Optional("phi") is not null,
                Optional("gamma") is not null, Optional("vto", "vt0") is not null);
        }
        catch (Engine.Core.CircuitException ex)
        {
            throw new NetlistException(card.Location, card.Name, ex.Message, "NSUB is in cm^-3, e.g. nsub=1e16");
        }
    }

    /// <summary>Throws at the card unless it is level 1 (LEVEL absent or 1), 2, 3 or 6.</summary>
    public static void RequireSupportedLevel(ModelCard card)
    {
        double level = card.Get("level", 1);
        if (level is not (1 or 2 or 3 or 6))
            throw new NetlistException(card.Location, card.Name,
                $"MOSFET model '{card.Name}' is level {level}; our engine simulates the Shichman-Hodges, Grove-Frohman, semi-empirical and n-th power law models (supported: levels 1, 2, 3, 6)",
                "use level=1, 2, 3 or 6 parameters (vto, kp, gamma, phi, lambda, ...) or run this deck with --backend ngspice");
    }

    /// <summary>
    /// Instance geometry. L and W not on the line come from the model card's L and W, else from .options defl/defw, else
    /// SPICE's 100 µm (as ngspice 39, measured); the rest keeps SPICE's defaults (M = 1).
    /// </summary>
    private static Engine.Components.MosfetGeometry Geometry(MosfetElement m, ModelCard? card, SimulationOptions options)
    {
        var g = new Engine.Components.MosfetGeometry();
        double Default(string key, double spice) =>
            card is not null && card.Parameters.TryGetValue(key, out var v) ? v : options.Numeric.GetValueOrDefault("def" + key, spice);
        return g with
        {
            L = m.L ?? Default("l", g.L), W = m.W ?? Default("w", g.W), M = m.M ?? g.M, Ad = m.Ad ?? g.Ad, As = m.As ?? g.As, Pd = m.Pd ?? g.Pd, Ps = m.Ps ?? g.Ps,
            Nrd = m.Nrd ?? g.Nrd, Nrs = m.Nrs ?? g.Nrs,
        };
    }
}
