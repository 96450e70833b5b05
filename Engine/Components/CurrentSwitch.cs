using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>ngspice CSW model: on above IT + IH, off below IT − IH, else keeps its state (hysteresis).</summary>
public sealed record CurrentSwitchModel
{
    /// <summary>Model name from the .model card.</summary>
    public string Name { get; init; } = "csw";
    /// <summary>Threshold IT in A.</summary>
    public double It { get; init; }
    /// <summary>Hysteresis IH in A.</summary>
    public double Ih { get; init; }
    /// <summary>On resistance RON in Ω.</summary>
    public double Ron { get; init; } = 1;
    /// <summary>Off resistance ROFF in Ω (ngspice default 1/GMIN = 1e12).</summary>
    public double Roff { get; init; } = 1e12;
}

/// <summary>
/// Current-controlled switch W (ngspice cswload.c): the <see cref="SwitchBehavior"/> controlled by the branch current
/// of a voltage source (positive into its + node, as i(vname)).
/// </summary>
public sealed class CurrentSwitch(string name, string positive, string negative, string controllingSource, CurrentSwitchModel model,
    bool initiallyOn = false) : Entity(name)
{
    /// <summary>The ON keyword of the card: the state at the first DC iteration (off without it).</summary>
    public bool InitiallyOn { get; } = initiallyOn;
    /// <summary>First switched node.</summary>
    public string Positive { get; } = positive;
    /// <summary>Second switched node.</summary>
    public string Negative { get; } = negative;
    /// <summary>The voltage source whose current controls the switch.</summary>
    public string ControllingSource { get; } = controllingSource;
    /// <summary>Threshold, hysteresis and on/off resistances.</summary>
    public CurrentSwitchModel Model { get; } = model;
    /// <inheritdoc/>
    public override IReadOnlyList<string> Nodes => [Positive, Negative];

    /// <inheritdoc/>
    public override void DescribeTopology(TopologyBuilder topology) => topology.Conductive(Positive, Negative);

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup)
    {
        int branch = setup.Branch(ControllingSource);
        return new SwitchBehavior(Name, setup.Node(Positive), setup.Node(Negative), setup.AllocateStates(2),
            Model.It, Model.Ih, Model.Ron, Model.Roff, ctx => ctx.Solution[branch], TruncationMargin: 50e-6, InitiallyOn);
    }
}
