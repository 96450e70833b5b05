using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>D: junction diode; <see cref="Temp"/> is the instance temperature and <see cref="Dtemp"/> its offset from the circuit's, °C (ngspice TEMP/DTEMP).</summary>
internal sealed record DiodeElement(string Name, string Anode, string Cathode, string Model, double Area = 1.0, bool Off = false, double? Temp = null, double? Dtemp = null)
    : Element(Name)
{
    public override IReadOnlyList<string> Nodes => [Anode, Cathode];
    public override Element WithNodes(IReadOnlyList<string> n) => this with { Anode = n[0], Cathode = n[1] };
}

/// <summary>D cards with a D model: the engine's level-1 junction diode at the instance temperature.</summary>
internal sealed class DiodeKind : ElementKind<DiodeElement>
{
    public override char? Letter => 'd';

    public override Element Read(ElementCard card)
    {
        const string usage = "D<name> anode cathode model [area] [off] [temp=°C] [dtemp=°C]";
        var reader = card.Reader;
        var (a, b) = card.TwoNodes(usage);
        string modelName = card.Model(usage);
        double area = reader.NextIsValue() ? reader.Value("area", usage) : 1.0;
        bool off = reader.Accept("off");
        var extra = reader.Assignments(["area", "temp", "dtemp"], usage);
        if (extra.TryGetValue("area", out var a2)) area = a2;
        if (area <= 0) throw reader.Error(reader.Statement.Head, "diode area must be positive", usage);
        double? temp = extra.TryGetValue("temp", out var t) ? t : null, dtemp = extra.TryGetValue("dtemp", out var dt) ? dt : null;
        if (temp <= -273.15) throw reader.Error(reader.Statement.Head, "diode temp must be above -273.15 °C", usage);
        return new DiodeElement(card.Name, a, b, modelName, area, off, temp, dtemp);
    }

    protected override void CheckReferences(DiodeElement d, ReferenceContext context) => context.RequireModelType(d, d.Model, "d");

    // area= by name: ngspice 39 reads "D1 a k model 2" as a diode with a thermal node "model" and model "2".
    protected override IEnumerable<string> FormatValues(DiodeElement d) =>
    [
        d.Model + (d.Off ? " off" : "") + (d.Area != 1.0 ? " area=" + N(d.Area) : "") +
        (d.Temp is { } temp ? " temp=" + N(temp) : "") + (d.Dtemp is { } dtemp ? " dtemp=" + N(dtemp) : ""),
    ];

    /// <summary>
    /// The diode at its temperature: TEMP wins over DTEMP (ngspice). Where ngspice limits the temperature-scaled grading
    /// coefficient (0.9) or junction potential (1/FC) with a warning, so do we.
    /// </summary>
    protected override Engine.Core.Entity ToEngine(DiodeElement d, ElaborationContext context)
    {
        var card = context.Model(d, d.Model, "d", Parameters);
        var diode = new Engine.Components.Diode(d.Name, d.Anode, d.Cathode, Model(card, d.Area, context.NominalCelsius))
        {
            Kelvin = d.Temp + 273.15, DeltaKelvin = d.Dtemp ?? 0,
        };
        double kelvin = diode.DeviceKelvin(context.Options.Temperature);
        var t = Engine.Components.DiodeTemperature.Of(diode.Model, kelvin);
        string at = $"at {kelvin - 273.15:0.##} °C";
        if (t.GradingLimited)
            context.Diagnostics.Warn(card.Location, "m", $"{d.Name}: grading coefficient M of '{d.Model}' {at} is above {Engine.Components.DiodeTemperature.MaxGrading} and was limited to it (as ngspice does)",
                "use m <= 0.9 (and tm1/tm2 that keep it there)");
        if (t.PotentialLimited)
            context.Diagnostics.Warn(card.Location, "vj", $"{d.Name}: junction potential VJ of '{d.Model}' {at} is above 1/FC and was limited to {t.Vj:G4} V (as ngspice does)",
                "check vj and fc");
        return diode;
    }

    /// <summary>Diode model parameters we simulate; tref, trs, ctc, tvj, pb and mj are ngspice's aliases of tnom, trs1, cta, tpb, vj and m.</summary>
    public static readonly IReadOnlySet<string> Parameters = new HashSet<string>
    {
        "is", "n", "rs", "cjo", "cj0", "cj", "vj", "pb", "m", "mj", "tt", "fc", "bv", "ibv",
        "tnom", "tref", "eg", "xti", "tlev", "tcv", "tlevc", "tpb", "tvj", "cta", "ctc", "trs", "trs1", "trs2", "ttt1", "ttt2", "tm1", "tm2",
        "kf", "af",
    };

    /// <summary>
    /// Level-1 diode; the instance area scales IS and CJO up and RS down, as in SPICE. TNOM not on the card is
    /// <paramref name="nominalCelsius"/> (.options tnom), as in ngspice.
    /// </summary>
    public static Engine.Components.DiodeModel Model(ModelCard card, double area, double nominalCelsius)
    {
        var d = new Engine.Components.DiodeModel();
        double Get(double fallback, params string[] keys)
        {
            foreach (var k in keys)
                if (card.Parameters.TryGetValue(k, out var v)) return v;
            return fallback;
        }
        return d with
        {
            Name = card.Name,
            Is = card.Get("is", d.Is) * area,
            N = card.Get("n", d.N),
            Rs = card.Get("rs", d.Rs) / area,
            Cjo = Get(d.Cjo, "cjo", "cj0", "cj") * area,
            Vj = Get(d.Vj, "vj", "pb"),
            M = Get(d.M, "m", "mj"),
            Tt = card.Get("tt", d.Tt),
            Fc = card.Get("fc", d.Fc),
            Bv = card.Parameters.TryGetValue("bv", out var bv) ? bv : null,
            Ibv = card.Get("ibv", d.Ibv),
            Tnom = Get(nominalCelsius, "tnom", "tref") + 273.15,
            Eg = card.Get("eg", d.Eg),
            Xti = card.Get("xti", d.Xti),
            Tlev = (int)Math.Round(card.Get("tlev", d.Tlev)),
            Tcv = card.Get("tcv", d.Tcv),
            Tlevc = (int)Math.Round(card.Get("tlevc", d.Tlevc)),
            Tpb = Get(d.Tpb, "tpb", "tvj"),
            Cta = Get(d.Cta, "cta", "ctc"),
            Trs1 = Get(d.Trs1, "trs1", "trs"),
            Trs2 = card.Get("trs2", d.Trs2),
            Ttt1 = card.Get("ttt1", d.Ttt1),
            Ttt2 = card.Get("ttt2", d.Ttt2),
            Tm1 = card.Get("tm1", d.Tm1),
            Tm2 = card.Get("tm2", d.Tm2),
            Kf = card.Get("kf", d.Kf),
            Af = card.Get("af", d.Af),
        };
    }
}
