using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>S: voltage-controlled switch with a SW model; <see cref="InitiallyOn"/> is the optional on/off keyword.</summary>
internal sealed record VoltageSwitchElement(string Name, string Positive, string Negative, string ControlPositive, string ControlNegative, string Model, bool? InitiallyOn = null)
    : Element(Name)
{
    public override IReadOnlyList<string> Nodes => [Positive, Negative, ControlPositive, ControlNegative];
    public override Element WithNodes(IReadOnlyList<string> n) => this with { Positive = n[0], Negative = n[1], ControlPositive = n[2], ControlNegative = n[3] };
}

/// <summary>S cards with a SW model: the engine's hysteretic voltage-controlled switch.</summary>
internal sealed class VoltageSwitchKind : ElementKind<VoltageSwitchElement>
{
    public override char? Letter => 's';

    public override Element Read(ElementCard card)
    {
        const string usage = "S<name> n+ n- nc+ nc- model [on|off]";
        var reader = card.Reader;
        var (a, b) = card.TwoNodes(usage);
        string cp = card.Node("controlling positive", usage);
        string cn = card.Node("controlling negative", usage);
        string modelName = card.Model(usage);
        bool? on = reader.Accept("on") ? true : reader.Accept("off") ? false : null;
        reader.ExpectEnd(usage);
        return new VoltageSwitchElement(card.Name, a, b, cp, cn, modelName, on);
    }

    protected override void CheckReferences(VoltageSwitchElement s, ReferenceContext context) => context.RequireModelType(s, s.Model, "sw");

    protected override IEnumerable<string> FormatValues(VoltageSwitchElement s) => [s.Model + (s.InitiallyOn is { } on ? on ? " on" : " off" : "")];

    protected override Engine.Core.Entity ToEngine(VoltageSwitchElement s, ElaborationContext context) =>
        new Engine.Components.VoltageSwitch(s.Name, s.Positive, s.Negative, s.ControlPositive, s.ControlNegative,
            Model(context.Model(s, s.Model, "sw", Parameters), context.Options.Gmin), s.InitiallyOn == true);

    /// <summary>SW model parameters we simulate.</summary>
    public static readonly IReadOnlySet<string> Parameters = new HashSet<string> { "vt", "vh", "ron", "roff" };

    /// <summary>SW card to the engine's switch model; ROFF not on the card is 1/GMIN (ngspice).</summary>
    public static Engine.Components.SwitchModel Model(ModelCard card, double gmin)
    {
        var s = new Engine.Components.SwitchModel();
        return s with
        {
            Name = card.Name,
            Vt = card.Get("vt", s.Vt),
            Vh = card.Get("vh", s.Vh),
            Ron = card.Get("ron", s.Ron),
            Roff = card.Get("roff", 1 / gmin),
        };
    }
}
