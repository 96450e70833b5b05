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
/// Voltage-controlled switch S (ngspice swload.c): conductance 1/RON or 1/ROFF from the control voltage
/// v(c+) − v(c−): on above VT + VH, off below VT − VH; inside the band the state of the last Newton iterate is kept
/// (each time step starts from the state at the last accepted point), as ngspice does. Keeping the accepted state
/// instead makes a switch that turns on and pulls its control back into the band flip every iteration and never
/// converge (a relaxation oscillator). A state change during Newton marks the iterate as not converged. Starts off
/// at the first DC iteration.
/// </summary>
public sealed class VoltageSwitch(string name, string positive, string negative, string controlPositive,
    string controlNegative, SwitchModel model) : Entity(name)
{
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
    public override Behavior CreateBehavior(SetupContext setup) => new B(this, setup.Node(Positive), setup.Node(Negative),
        setup.Node(ControlPositive), setup.Node(ControlNegative), setup.AllocateStates(2));

    private sealed class B(VoltageSwitch sw, int p, int n, int cp, int cn, int s) : Behavior(sw.Name), IAcBehavior
    {
        public void LoadAc(AcLoadContext ctx) { } // Ron or Roff as set at the operating point (DC stamp)

        private ConductanceStamp _st;
        public override bool IsNonlinear => true;
        public override void Bind(SetupContext setup) => _st = new ConductanceStamp(setup, p, n);

        public override void Load(LoadContext ctx)
        {
            var m = sw.Model;
            double oldIterate = ctx.States.Current[s];
            double state;
            if (ctx.Mode == LoadMode.JunctionStart) state = 0;
            else
            {
                double vc = ctx.Voltage(cp, cn);
                if (vc > m.Vt + m.Vh) state = 1;
                else if (vc < m.Vt - m.Vh) state = 0;
                else state = oldIterate; // hysteresis band: keep the state of the last iterate (ngspice swload.c, MODEINITFLOAT)
                if (state != oldIterate) ctx.NotConverged(Name);
            }
            ctx.States.Current[s] = state;
            ctx.States.Current[s + 1] = ctx.Voltage(cp, cn);
            _st.Add(ctx, state > 0.5 ? 1 / m.Ron : 1 / m.Roff);
        }

        /// <summary>
        /// ngspice swtrunc.c: while the control voltage moves toward the threshold that would flip the switch, the
        /// next step may cover at most 0.75 of the remaining distance plus 50 mV at the last step's rate, so the flip
        /// lands close to the threshold instead of far past it (and a too long step is rejected, like an LTE failure).
        /// </summary>
        public override double TruncationStep(LoadContext ctx)
        {
            var m = sw.Model;
            double control = ctx.States.Current[s + 1], change = control - ctx.States.Previous[s + 1];
            double h = ctx.Integrator.Step;
            if (ctx.States.Current[s] == 0)
            {
                double reference = m.Vt + m.Vh;
                if (control < reference && change > 0) return ((reference - control) * 0.75 + 0.05) / change * h;
            }
            else
            {
                double reference = m.Vt - m.Vh;
                if (control > reference && change < 0) return ((reference - control) * 0.75 - 0.05) / change * h;
            }
            return double.PositiveInfinity;
        }
    }
}
