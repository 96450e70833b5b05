using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>W: current-controlled switch with a CSW model, controlled by the current of a V source; <see cref="InitiallyOn"/> is the optional on/off keyword.</summary>
internal sealed record CurrentSwitchElement(string Name, string Positive, string Negative, string ControllingSource, string Model, bool? InitiallyOn = null)
    : TwoTerminal(Name, Positive, Negative)
{
    public override Element WithNodes(IReadOnlyList<string> n) => this with { Positive = n[0], Negative = n[1] };
}

/// <summary>W cards with a CSW model: the engine's hysteretic current-controlled switch.</summary>
internal sealed class CurrentSwitchKind : ElementKind<CurrentSwitchElement>
{
    public override char? Letter => 'w';

    public override Element Read(ElementCard card)
    {
        const string usage = "W<name> n+ n- vcontrol model [on|off]";
        var reader = card.Reader;
        var (a, b) = card.TwoNodes(usage);
        string control = card.Node("controlling voltage source", usage);
        string modelName = card.Model(usage);
        bool? on = reader.Accept("on") ? true : reader.Accept("off") ? false : null;
        reader.ExpectEnd(usage);
        return new CurrentSwitchElement(card.Name, a, b, control, modelName, on);
    }

    protected override void CheckReferences(CurrentSwitchElement w, ReferenceContext context)
    {
        context.RequireVoltageSource(w, w.ControllingSource);
        context.RequireModelType(w, w.Model, "csw");
    }

    protected override IEnumerable<string> FormatValues(CurrentSwitchElement w) =>
        [w.ControllingSource, w.Model + (w.InitiallyOn is { } on ? on ? " on" : " off" : "")];

    protected override Engine.Core.Entity ToEngine(CurrentSwitchElement w, ElaborationContext context) =>
        new Engine.Components.CurrentSwitch(w.Name, w.Positive, w.Negative, w.ControllingSource,
            Model(context.Model(w, w.Model, "csw", Parameters), context.Options.Gmin), w.InitiallyOn == true);

    /// <summary>CSW model parameters we simulate.</summary>
    public static readonly IReadOnlySet<string> Parameters = new HashSet<string> { "it", "ih", "ron", "roff" };

    /// <summary>CSW card to the engine's switch model; ROFF not on the card is 1/GMIN (ngspice).</summary>
    public static Engine.Components.CurrentSwitchModel Model(ModelCard card, double gmin)
    {
        var s = new Engine.Components.CurrentSwitchModel();
        return s with
        {
            Name = card.Name,
            It = card.Get("it", s.It),
            Ih = card.Get("ih", s.Ih),
            Ron = card.Get("ron", s.Ron),
            Roff = card.Get("roff", 1 / gmin),
        };
    }
}
