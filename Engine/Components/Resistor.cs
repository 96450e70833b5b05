using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>Linear resistor: i = (v+ − v−)/R, R in Ω (must be non-zero).</summary>
public sealed class Resistor : TwoTerminal
{
    /// <summary>Resistor named name between positive and negative of resistance Ohms; refuses 0 and non-finite values.</summary>
    public Resistor(string name, string positive, string negative, double resistance) : base(name, positive, negative)
    {
        if (resistance == 0 || !double.IsFinite(resistance))
            throw new CircuitException($"Resistor {name}: resistance must be finite and non-zero (got {resistance}).");
        Resistance = resistance;
    }

    /// <summary>Resistance in Ω.</summary>
    public double Resistance { get; }

    /// <summary>Resistance in Ω that .ac analyses use instead of <see cref="Resistance"/> (ngspice's ac=), null for the same.</summary>
    public double? AcResistance
    {
        get;
        init => field = value is { } r && (r == 0 || !double.IsFinite(r))
            ? throw new CircuitException($"Resistor {Name}: ac resistance must be finite and non-zero (got {r}).")
            : value;
    }

    /// <summary>True for a resistor without thermal noise in .noise (ngspice's noisy=0).</summary>
    public bool Noiseless { get; init; }

    /// <inheritdoc/>
    public override void DescribeTopology(TopologyBuilder topology) => topology.Conductive(Positive, Negative);

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup) =>
        new ResistorBehavior(Name, setup.Node(Positive), setup.Node(Negative), 1 / Resistance, AcResistance is { } ac ? 1 / ac - 1 / Resistance : 0)
        { Noiseless = Noiseless };

    private sealed class ResistorBehavior(string name, int p, int n, double g, double acCorrection) : Behavior(name), IAcBehavior, INoiseBehavior
    {
        public bool Noiseless { get; init; }

        // Thermal noise 4kT/R of the DC resistance at the circuit temperature (ngspice resnoise.c).
        public void LoadNoise(NoiseLoadContext ctx)
        {
            if (!Noiseless) ctx.AddCurrentNoise(Name, p, n, NoiseLoadContext.Thermal(ctx.OperatingPoint.Options.Temperature, g));
        }

        // G from the DC stamp; an ac= resistance replaces it: add 1/Rac − 1/R.
        public void LoadAc(AcLoadContext ctx)
        {
            if (acCorrection != 0) ctx.AddConductance(_s, acCorrection);
        }

        private ConductanceStamp _s;
        public override void Bind(SetupContext setup) => _s = new ConductanceStamp(setup, p, n);
        public override void Load(LoadContext context) => _s.Add(context, g);
    }
}
