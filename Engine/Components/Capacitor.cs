using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>
/// Linear capacitor, charge q = C·v. DC: open. Transient: i = dq/dt through the integrator, companion model
/// geq = ag0·C, ieq = i − geq·v (SPICE capload.c). Initial condition IC in V is used with uic.
/// </summary>
public sealed class Capacitor : TwoTerminal
{
    /// <summary>Capacitor named name between positive and negative of capacitance Farads; initialVoltage is IC in Volts (uic), null if not given.</summary>
    public Capacitor(string name, string positive, string negative, double capacitance, double? initialVoltage = null)
        : base(name, positive, negative)
    {
        Capacitance = capacitance; InitialVoltage = initialVoltage;
    }

    /// <summary>Capacitance in F.</summary>
    public double Capacitance { get; }
    /// <summary>IC in V (used only with uic).</summary>
    public double? InitialVoltage { get; }

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup) =>
        new CapacitorBehavior(this, setup.Node(Positive), setup.Node(Negative), setup.AllocateStates(2));

    private sealed class CapacitorBehavior(Capacitor c, int p, int n, int q) : Behavior(c.Name), IAcBehavior
    {
        // Admittance jωC (open in the DC stamp).
        public void LoadAc(AcLoadContext ctx) => ctx.AddSusceptance(_s, ctx.Omega * c.Capacitance);

        private ConductanceStamp _s;
        public override void Bind(SetupContext setup) => _s = new ConductanceStamp(setup, p, n);

        public override void Load(LoadContext ctx)
        {
            double v = ctx.Voltage(p, n);
            var s0 = ctx.States.Current;
            if (ctx.Mode.SolvesDc())
            {
                // Open in DC; the charge is the history of the first time step (at the IC with uic).
                if (ctx.Mode == LoadMode.TransientStartFromInitialConditions && c.InitialVoltage is double ic) v = ic;
                s0[q] = c.Capacitance * v;
                s0[q + 1] = 0;
                return;
            }
            s0[q] = c.Capacitance * v;
            double i = ctx.Integrator.Integrate(q);
            double geq = ctx.Integrator.Slope * c.Capacitance;
            double ieq = i - geq * v;
            _s.Add(ctx, geq);
            ctx.AddRhs(p, -ieq);
            ctx.AddRhs(n, ieq);
        }

        public override double TruncationStep(LoadContext ctx) => ctx.Integrator.TruncationStep(q);
    }
}
