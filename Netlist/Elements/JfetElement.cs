using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>
/// J: junction FET with an NJF or PJF model card; Area scales currents, capacitances and series conductances, M
/// multiplies the device; Temp is the device temperature and Dtemp its offset from the circuit's, °C (ngspice TEMP/DTEMP).
/// </summary>
internal sealed record JfetElement(string Name, string Drain, string Gate, string Source, string Model, double Area = 1.0, double M = 1.0,
    bool Off = false, double? Temp = null, double? Dtemp = null)
    : Element(Name)
{
    public override IReadOnlyList<string> Nodes => [Drain, Gate, Source];
    public override Element WithNodes(IReadOnlyList<string> n) => this with { Drain = n[0], Gate = n[1], Source = n[2] };
}

/// <summary>J cards with an NJF/PJF model: the engine's level-1 JFET (ngspice 39's JFET).</summary>
internal sealed class JfetKind : ElementKind<JfetElement>
{
    public override char? Letter => 'j';

    public override Element Read(ElementCard card)
    {
        const string usage = "J<name> drain gate source model [area] [off] [area=a] [m=k] [temp=t] [dtemp=dt]";
        var reader = card.Reader;
        string d = card.Node("drain", usage);
        string g = card.Node("gate", usage);
        string s = card.Node("source", usage);
        string modelName = card.Model(usage);
        double area = reader.NextIsValue() ? reader.Value("area", usage) : 1.0;
        bool off = reader.Accept("off");
        var extra = reader.Assignments(["area", "m", "temp", "dtemp"], usage);
        if (extra.TryGetValue("area", out var a2)) area = a2;
        double m = extra.GetValueOrDefault("m", 1);
        if (!(area > 0)) throw reader.Error(reader.Statement.Head, $"JFET area must be positive (got {area})", usage);
        if (!(m > 0)) throw reader.Error(reader.Statement.Head, $"JFET multiplier M must be positive (got {m})", usage);
        return new JfetElement(card.Name, d, g, s, modelName, area, m, off,
            extra.TryGetValue("temp", out var temp) ? temp : null, extra.TryGetValue("dtemp", out var dtemp) ? dtemp : null);
    }

    protected override void CheckReferences(JfetElement j, ReferenceContext context) => context.RequireModelType(j, j.Model, "njf", "pjf");

    protected override IEnumerable<string> FormatValues(JfetElement j)
    {
        yield return j.Model;
        if (j.Off) yield return "off";
        if (j.Area != 1.0) yield return "area=" + N(j.Area);
        if (j.M != 1.0) yield return "m=" + N(j.M);
        if (j.Temp is { } t) yield return "temp=" + N(t);
        if (j.Dtemp is { } dt) yield return "dtemp=" + N(dt);
    }

    /// <summary>The level is checked first (a Parker-Skellern level-2 card would list unknown parameters).</summary>
    protected override Engine.Core.Entity ToEngine(JfetElement j, ElaborationContext context)
    {
        if (context.Netlist.Models.TryGetValue(j.Model, out var card)) RequireLevel1(card);
        var model = Model(context.Model(j, j.Model, "njf", Parameters), context.NominalCelsius);
        return new Engine.Components.Jfet(j.Name, j.Drain, j.Gate, j.Source, model, j.Area, j.M)
        {
            Off = j.Off,
            // TEMP wins over DTEMP (ngspice jfettemp.c).
            Kelvin = j.Temp is { } t ? t + 273.15 : null,
            DeltaKelvin = j.Dtemp ?? 0,
        };
    }

    /// <summary>Level-1 JFET parameters we simulate (vt0 is ngspice's alias of vto; kf, af, nlev, gdsnoi feed .noise).</summary>
    public static readonly IReadOnlySet<string> Parameters = new HashSet<string>
    {
        "vto", "vt0", "beta", "lambda", "rd", "rs", "cgs", "cgd", "pb", "is", "fc", "b", "tnom", "tcv", "vtotc", "bex", "betatce", "eg", "xti",
        "kf", "af", "nlev", "gdsnoi",
    };

    /// <summary>NJF/PJF card to the engine's JFET model; TNOM not on the card is <paramref name="nominalCelsius"/> (.options tnom).</summary>
    public static Engine.Components.JfetModel Model(ModelCard card, double nominalCelsius)
    {
        var m = new Engine.Components.JfetModel();
        double Get(double fallback, params string[] keys)
        {
            foreach (var k in keys)
                if (card.Parameters.TryGetValue(k, out var v)) return v;
            return fallback;
        }
        return m with
        {
            Name = card.Name,
            Type = card.Type == "pjf" ? -1 : 1,
            Vto = Get(m.Vto, "vto", "vt0"), Beta = Get(m.Beta, "beta"), Lambda = Get(m.Lambda, "lambda"),
            Rd = Get(m.Rd, "rd"), Rs = Get(m.Rs, "rs"), Cgs = Get(m.Cgs, "cgs"), Cgd = Get(m.Cgd, "cgd"),
            Pb = Get(m.Pb, "pb"), Is = Get(m.Is, "is"), Fc = Get(m.Fc, "fc"), B = Get(m.B, "b"),
            Tnom = Get(nominalCelsius, "tnom") + 273.15,
            Tcv = Get(m.Tcv, "tcv"), Bex = Get(m.Bex, "bex"), Eg = Get(m.Eg, "eg"), Xti = Get(m.Xti, "xti"),
            // ngspice reads NLEV as an integer parameter (truncated).
            Kf = Get(m.Kf, "kf"), Af = Get(m.Af, "af"), Nlev = (int)Math.Clamp(Get(m.Nlev, "nlev"), int.MinValue, int.MaxValue), Gdsnoi = Get(m.Gdsnoi, "gdsnoi"),
            Vtotc = card.Parameters.TryGetValue("vtotc", out var vtotc) ? vtotc : null,
            Betatce = card.Parameters.TryGetValue("betatce", out var betatce) ? betatce : null,
        };
    }

    /// <summary>Throws at the card unless it is level 1 (LEVEL absent or 1).</summary>
    public static void RequireLevel1(ModelCard card)
    {
        double level = card.Get("level", 1);
        if (level != 1)
            throw new NetlistException(card.Location, card.Name,
                $"JFET model '{card.Name}' is level {level}; our engine simulates only the Shichman-Hodges JFET (supported: level 1)",
                "use level=1 parameters (vto, beta, lambda, ...) or run this deck with --backend ngspice");
    }
}
