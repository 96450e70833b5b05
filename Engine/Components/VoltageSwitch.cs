using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>ngspice SW model: on above VT + VH, off below VT − VH, else keeps its state (hysteresis).</summary>
public sealed record SwitchModel
{
    /// <summary>Model name from the .model card.</summary>
    public string Name { get; init; } = "sw";
    /// <summary>Threshold VT in V.</summary>
    public double Vt { get; init; }
    /// <summary>Hysteresis VH in V.</summary>
    public double Vh { get; init; }
    /// <summary>On resistance RON in Ω.</summary>
    public double Ron { get; init; } = 1;
    /// <summary>Off resistance ROFF in Ω (ngspice default 1/GMIN = 1e12).</summary>
    public double Roff { get; init; } = 1e12;
}

/// <summary>
/// Voltage-controlled switch S (ngspice swload.c): the <see cref="SwitchBehavior"/> controlled by v(c+) − v(c−).
/// </summary>
public sealed class VoltageSwitch(string name, string positive, string negative, string controlPositive,
    string controlNegative, SwitchModel model, bool initiallyOn = false) : Entity(name)
{
    /// <summary>The ON keyword of the card: the state at the first DC iteration (off without it).</summary>
    public bool InitiallyOn { get; } = initiallyOn;
    /// <summary>First switched node.</summary>
    public string Positive { get; } = positive;
    /// <summary>Second switched node.</summary>
    public string Negative { get; } = negative;
    /// <summary>Controlling node c+.</summary>
    public string ControlPositive { get; } = controlPositive;
    /// <summary>Controlling node c−.</summary>
    public string ControlNegative { get; } = controlNegative;
    /// <summary>Threshold, hysteresis and on/off resistances.</summary>
    public SwitchModel Model { get; } = model;
    /// <inheritdoc/>
    public override IReadOnlyList<string> Nodes => [Positive, Negative, ControlPositive, ControlNegative];

    /// <inheritdoc/>
    public override void DescribeTopology(TopologyBuilder topology)
    {
        topology.Conductive(Positive, Negative);
        topology.Attach(ControlPositive); topology.Attach(ControlNegative);
    }

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup)
    {
        int cp = setup.Node(ControlPositive), cn = setup.Node(ControlNegative);
        return new SwitchBehavior(Name, setup.Node(Positive), setup.Node(Negative), setup.AllocateStates(2),
            Model.Vt, Model.Vh, Model.Ron, Model.Roff, ctx => ctx.Voltage(cp, cn), TruncationMargin: 0.05, InitiallyOn);
    }
}

/// <summary>
/// The hysteretic switch of ngspice's SW and CSW devices (swload.c/cswload.c): conductance 1/RON or 1/ROFF from a
/// control value (a voltage for S, a branch current for W): on above threshold + hysteresis, off below threshold −
/// hysteresis; inside the band the state of the last Newton iterate is kept (each time step starts from the state at
/// the last accepted point), as ngspice does. Keeping the accepted state instead makes a switch that turns on and
/// pulls its control back into the band flip every iteration and never converge. A state change during Newton marks
/// the iterate as not converged. Starts off at the first DC iteration, or on with the card's ON keyword.
/// </summary>
/// <remarks>
/// The truncation margin is the constant of the step limit in control units: 0.05 V for SW, 50 µA for CSW
/// (swtrunc.c, cswtrunc.c). States: s = switch state (0/1), s + 1 = control value.
/// </remarks>
internal sealed class SwitchBehavior(string name, int p, int n, int s, double threshold, double hysteresis, double ron, double roff,
    Func<LoadContext, double> control, double TruncationMargin, bool initiallyOn) : Behavior(name), IAcBehavior
{
    public void LoadAc(AcLoadContext ctx) { } // Ron or Roff as set at the operating point (DC stamp)

    private ConductanceStamp _st;
    public override bool IsNonlinear => true;
    public override void Bind(SetupContext setup) => _st = new ConductanceStamp(setup, p, n);

    public override void Load(LoadContext ctx)
    {
        double oldIterate = ctx.States.Current[s];
        double value = control(ctx);
        double state;
        if (ctx.Mode == LoadMode.JunctionStart) state = initiallyOn ? 1 : 0;
        else
        {
            if (value > threshold + hysteresis) state = 1;
            else if (value < threshold - hysteresis) state = 0;
            else state = oldIterate; // hysteresis band: keep the state of the last iterate (ngspice swload.c, MODEINITFLOAT)
            if (state != oldIterate) ctx.NotConverged(Name);
        }
        ctx.States.Current[s] = state;
        ctx.States.Current[s + 1] = value;
        _st.Add(ctx, state > 0.5 ? 1 / ron : 1 / roff);
    }

    /// <summary>
    /// ngspice swtrunc.c/cswtrunc.c: while the control moves toward the threshold that would flip the switch, the
    /// next step may cover at most 0.75 of the remaining distance plus the margin at the last step's rate, so the flip
    /// lands close to the threshold instead of far past it (and a too long step is rejected, like an LTE failure).
    /// </summary>
    public override double TruncationStep(LoadContext ctx)
    {
        double value = ctx.States.Current[s + 1], change = value - ctx.States.Previous[s + 1];
        double h = ctx.Integrator.Step;
        if (ctx.States.Current[s] == 0)
        {
            double reference = threshold + hysteresis;
            if (value < reference && change > 0) return ((reference - value) * 0.75 + TruncationMargin) / change * h;
        }
        else
        {
            double reference = threshold - hysteresis;
            if (value > reference && change < 0) return ((reference - value) * 0.75 - TruncationMargin) / change * h;
        }
        return double.PositiveInfinity;
    }
}
