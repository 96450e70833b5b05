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

    /// <summary>True for a resistor without noise in .noise, thermal or flicker (ngspice's noisy=0).</summary>
    public bool Noiseless { get; init; }

    /// <summary>Flicker (1/f) noise of the resistor's current in .noise (ngspice's R model kf/af/ef/lf/wf), null for none.</summary>
    public ResistorFlicker? Flicker { get; init; }

    /// <inheritdoc/>
    public override void DescribeTopology(TopologyBuilder topology) => topology.Conductive(Positive, Negative);

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup) =>
        new ResistorBehavior(Name, setup.Node(Positive), setup.Node(Negative), 1 / Resistance, AcResistance is { } ac ? 1 / ac - 1 / Resistance : 0)
        { Noiseless = Noiseless, Flicker = Flicker is { Coefficient: not 0 } f ? f : null };

    private sealed class ResistorBehavior(string name, int p, int n, double g, double acCorrection) : Behavior(name), IAcBehavior, INoiseBehavior
    {
        public bool Noiseless { get; init; }
        public ResistorFlicker? Flicker { get; init; }

        // Thermal noise 4kT/R of the DC resistance at the circuit temperature, and the flicker noise of the DC current
        // (ngspice resnoise.c).
        public void LoadNoise(NoiseLoadContext ctx)
        {
            if (Noiseless) return;
            ctx.AddCurrentNoise(Name, p, n, NoiseLoadContext.Thermal(ctx.OperatingPoint.Options.Temperature, g));
            if (Flicker is { } f) ctx.AddCurrentNoise(Name + " 1overf", p, n, f.Density(g * ctx.OperatingPoint.Voltage(p, n), ctx.Frequency));
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

/// <summary>
/// Flicker noise of a resistor's current as ngspice 39 (res/resnoise.c, carbon-resistor 1/f noise; Hooge, "1/f noise
/// sources", IEEE Trans. Electron Devices 41(11), 1994): S_I = M·KF·|I/M|^AF/(A·f^EF) in A²/Hz, I the resistor's DC
/// current in A, M the parallel count (m=), A the noise area (L − 2·SHORT)^LF·(W − 2·NARROW)^WF when the instance
/// gives L or W, else 1.
/// </summary>
/// <param name="Coefficient">KF.</param>
/// <param name="CurrentExponent">AF (ngspice default 1).</param>
/// <param name="FrequencyExponent">EF (ngspice default 1).</param>
/// <param name="Area">The noise area A (LF and WF already applied), 1 without L and W on the instance.</param>
/// <param name="Parallel">M, the number of parallel resistors the value was divided by.</param>
public sealed record ResistorFlicker(double Coefficient, double CurrentExponent = 1, double FrequencyExponent = 1, double Area = 1, double Parallel = 1)
{
    /// <summary>The PSD in A²/Hz for a total current <paramref name="current"/> in A at <paramref name="frequency"/> in Hz.</summary>
    public double Density(double current, double frequency) =>
        Parallel * Coefficient * Math.Pow(Math.Abs(current / Parallel), CurrentExponent) / (Area * Math.Pow(frequency, FrequencyExponent));
}
