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

    /// <inheritdoc/>
    public override void DescribeTopology(TopologyBuilder topology) => topology.Conductive(Positive, Negative);

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup) =>
        new ResistorBehavior(Name, setup.Node(Positive), setup.Node(Negative), 1 / Resistance);

    private sealed class ResistorBehavior(string name, int p, int n, double g) : Behavior(name), IAcBehavior
    {
        public void LoadAc(AcLoadContext ctx) { } // G from the DC stamp

        private ConductanceStamp _s;
        public override void Bind(SetupContext setup) => _s = new ConductanceStamp(setup, p, n);
        public override void Load(LoadContext context) => _s.Add(context, g);
    }
}
