using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elaboration;

/// <summary>Maps netlist waveforms, models and options to their engine counterparts.</summary>
public static class EngineMapping
{
    public static Engine.Waveform? Waveform(Waveform? waveform) => waveform switch
    {
        null => null,
        PulseWaveform p => new Engine.PulseWaveform(p.Initial, p.Pulsed, p.Delay ?? 0, p.Rise, p.Fall, p.Width, p.Period),
        SineWaveform s => new Engine.SineWaveform(s.Offset, s.Amplitude, s.Frequency, s.Delay ?? 0, s.Damping ?? 0, s.PhaseDegrees ?? 0),
        ExponentialWaveform e => new Engine.ExponentialWaveform(e.Initial, e.Pulsed, e.RiseDelay, e.RiseTau, e.FallDelay, e.FallTau),
        PwlWaveform w => new Engine.PwlWaveform(w.Arguments.ToArray()) { RepeatFrom = w.Repeat, Delay = w.Delay ?? 0 },
        SffmWaveform f => new Engine.SffmWaveform(f.Offset, f.Amplitude, f.CarrierFrequency, f.ModulationIndex ?? 0, f.SignalFrequency,
            f.CarrierPhaseDegrees ?? 0, f.SignalPhaseDegrees ?? 0),
        _ => throw new ArgumentException($"unknown waveform {waveform.GetType().Name}", nameof(waveform)),
    };

    /// <summary>Diode model parameters we simulate; tref, trs, ctc, tvj, pb and mj are ngspice's aliases of tnom, trs1, cta, tpb, vj and m.</summary>
    public static readonly IReadOnlySet<string> DiodeParameters = new HashSet<string>
    {
        "is", "n", "rs", "cjo", "cj0", "cj", "vj", "pb", "m", "mj", "tt", "fc", "bv", "ibv",
        "tnom", "tref", "eg", "xti", "tlev", "tcv", "tlevc", "tpb", "tvj", "cta", "ctc", "trs", "trs1", "trs2", "ttt1", "ttt2", "tm1", "tm2",
    };

    /// <summary>
    /// Level-1 diode; the instance area scales IS and CJO up and RS down, as in SPICE. TNOM not on the card is
    /// <paramref name="nominalCelsius"/> (.options tnom), as in ngspice.
    /// </summary>
    public static Engine.DiodeModel Diode(ModelCard card, double area, double nominalCelsius = 27)
    {
        var d = new Engine.DiodeModel();
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
        };
    }

    /// <summary>Level-1 MOSFET model parameters we simulate (vt0 and uo are ngspice's aliases of vto and u0).</summary>
    public static readonly IReadOnlySet<string> MosfetParameters = new HashSet<string>
    {
        "vto", "vt0", "kp", "gamma", "phi", "lambda", "tox", "u0", "uo", "ld", "rd", "rs", "rsh", "is", "js", "cgso", "cgdo", "cgbo",
        "cbd", "cbs", "cj", "mj", "cjsw", "mjsw", "pb", "fc", "tnom", "nsub", "nss", "tpg",
    };

    /// <summary>
    /// NMOS/PMOS card to the engine's level-1 model. Only LEVEL=1 (or no LEVEL) is simulated: any other level (2, 3,
    /// BSIM 8/49/54, ...) is an error at the card naming the model and the supported level. TNOM not on the card is
    /// <paramref name="nominalCelsius"/> (.options tnom), as in ngspice's mos1temp.c.
    /// </summary>
    public static Engine.MosfetModel Mosfet(ModelCard card, double nominalCelsius = 27)
    {
        RequireLevel1(card);
        var m = new Engine.MosfetModel();
        double? Optional(params string[] keys)
        {
            foreach (var k in keys)
                if (card.Parameters.TryGetValue(k, out var v)) return v;
            return null;
        }
        var model = m with
        {
            Name = card.Name,
            Polarity = card.Type == "pmos" ? Engine.MosfetPolarity.Pmos : Engine.MosfetPolarity.Nmos,
            Vto = Optional("vto", "vt0") ?? m.Vto,
            Kp = Optional("kp"),
            Gamma = card.Get("gamma", m.Gamma),
            Phi = card.Get("phi", m.Phi),
            Lambda = card.Get("lambda", m.Lambda),
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
            Mjsw = card.Get("mjsw", m.Mjsw),
            Pb = card.Get("pb", m.Pb),
            Fc = card.Get("fc", m.Fc),
            Tnom = card.Get("tnom", nominalCelsius) + 273.15,
        };
        if (Optional("nsub") is not { } nsub) return model;
        try
        {
            return model.WithSubstrateDoping(nsub, card.Get("nss", 0), card.Get("tpg", 1), Optional("phi") is not null,
                Optional("gamma") is not null, Optional("vto", "vt0") is not null);
        }
        catch (Engine.CircuitException ex)
        {
            throw new NetlistException(card.Location, card.Name, ex.Message, "NSUB is in cm^-3, e.g. nsub=1e16");
        }
    }

    /// <summary>Throws at the card unless it is level 1 (LEVEL absent or 1).</summary>
    public static void RequireLevel1(ModelCard card)
    {
        double level = card.Get("level", 1);
        if (level != 1)
            throw new NetlistException(card.Location, card.Name,
                $"MOSFET model '{card.Name}' is level {level}; our engine simulates only the Shichman-Hodges model (supported: level 1)",
                "use level=1 parameters (vto, kp, gamma, phi, lambda, ...) or run this deck with --backend ngspice");
    }

    /// <summary>Instance geometry; what the line does not give keeps SPICE's defaults (L = W = 100 µm, M = 1).</summary>
    public static Engine.MosfetGeometry Geometry(Mosfet m)
    {
        var g = new Engine.MosfetGeometry();
        return g with
        {
            L = m.L ?? g.L, W = m.W ?? g.W, M = m.M ?? g.M, Ad = m.Ad ?? g.Ad, As = m.As ?? g.As, Pd = m.Pd ?? g.Pd, Ps = m.Ps ?? g.Ps,
            Nrd = m.Nrd ?? g.Nrd, Nrs = m.Nrs ?? g.Nrs,
        };
    }

    /// <summary>
    /// Gummel-Poon parameters we simulate, with SPICE's aliases (va, vb, ik, pe, me, pc, mc, ccs, ps, ms). KF/AF (noise)
    /// and other names are not simulated and are reported as unused.
    /// </summary>
    public static readonly IReadOnlySet<string> BjtParameters = new HashSet<string>
    {
        "is", "bf", "nf", "vaf", "va", "ikf", "ik", "ise", "ne", "br", "nr", "var", "vb", "ikr", "isc", "nc", "rb", "irb", "rbm", "re", "rc",
        "cje", "vje", "pe", "mje", "me", "tf", "xtf", "vtf", "itf", "ptf", "cjc", "vjc", "pc", "mjc", "mc", "xcjc", "tr", "cjs", "ccs", "vjs", "ps",
        "mjs", "ms", "fc", "xtb", "eg", "xti", "tnom", "subs",
    };

    /// <summary>NPN/PNP card to the engine's Gummel-Poon model (parameters per unit area; the instance applies its area).</summary>
    public static Engine.BjtModel Bjt(ModelCard card, double nominalCelsius = 27)
    {
        var m = new Engine.BjtModel();
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
            Polarity = card.Type == "pnp" ? Engine.BjtPolarity.Pnp : Engine.BjtPolarity.Npn,
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

    public static readonly IReadOnlySet<string> SwitchParameters = new HashSet<string> { "vt", "vh", "ron", "roff" };

    public static Engine.SwitchModel Switch(ModelCard card, double gmin)
    {
        var s = new Engine.SwitchModel();
        return s with
        {
            Name = card.Name,
            Vt = card.Get("vt", s.Vt),
            Vh = card.Get("vh", s.Vh),
            Ron = card.Get("ron", s.Ron),
            Roff = card.Get("roff", 1 / gmin),
        };
    }

    /// <summary>.options to engine options; <paramref name="maxStep"/> (the .tran tmax) wins over .options maxstep.</summary>
    public static Engine.SimulationOptions Options(SimulationOptions options, double? maxStep = null)
    {
        var o = new Engine.SimulationOptions();
        var n = options.Numeric;
        int Int(string key, int fallback) => n.TryGetValue(key, out var v) ? (int)Math.Round(v) : fallback;
        return o with
        {
            RelTol = options.RelTol,
            AbsTol = options.AbsTol,
            VnTol = options.VnTol,
            Gmin = options.Gmin,
            ChgTol = n.GetValueOrDefault("chgtol", o.ChgTol),
            TrTol = n.GetValueOrDefault("trtol", o.TrTol),
            DcMaxIterations = Int("itl1", o.DcMaxIterations),
            DcSweepMaxIterations = Int("itl2", o.DcSweepMaxIterations),
            TransientMaxIterations = Int("itl4", o.TransientMaxIterations),
            GminSteps = Int("gminsteps", o.GminSteps),
            SourceSteps = Int("srcsteps", o.SourceSteps),
            Method = options.Method == "gear" ? Engine.IntegrationMethod.Gear : Engine.IntegrationMethod.Trapezoidal,
            MaxStep = maxStep ?? options.MaxStep,
            Temperature = options.TemperatureCelsius + 273.15,
        };
    }
}
