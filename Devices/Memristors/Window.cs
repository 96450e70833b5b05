namespace MemristorSpice.Devices.Memristors;

/// <summary>
/// A window function with its parameters. x is the normalized state in [0, 1]; the direction argument is
/// the sign of the drive that moves x (positive: x rising), needed only by Biolek's window.
/// </summary>
/// <param name="Kind">Which window.</param>
/// <param name="P">Exponent p (p ≥ 1; Joglekar, Biolek, Prodromakis).</param>
/// <param name="J">Scale j of Prodromakis' window (0 &lt; j ≤ 1 keeps f ≤ 1; any j &gt; 0 is accepted).</param>
public sealed record Window(WindowKind Kind, double P = 1.0, double J = 1.0)
{
    /// <summary>The window f = 1.</summary>
    public static Window None { get; } = new(WindowKind.None);

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad parameter.</summary>
    public void Validate()
    {
        if (Kind != WindowKind.None && !(P >= 1.0 && double.IsFinite(P)))
            throw new ArgumentException($"window {Kind}: exponent p must be a finite number >= 1, got {P}.");
        if (Kind == WindowKind.Prodromakis && !(J > 0.0 && double.IsFinite(J)))
            throw new ArgumentException($"window Prodromakis: scale j must be > 0, got {J}.");
    }

    /// <summary>
    /// f(x, direction). Formulas (checked against the papers, see <see cref="WindowKind"/>):
    /// Joglekar 1 − (2x − 1)^(2p); Biolek 1 − (x − stp(−i))^(2p) with stp(−i) = 1 when the drive is not
    /// positive, else 0; Prodromakis j·(1 − ((x − 0.5)² + 0.75)^p). Powers of even order 2p are taken of |base|,
    /// which is exact for integer p and the usual continuation for real p (ngspice's pow does the same).
    /// </summary>
    public double Value(double x, double direction) => Kind switch
    {
        WindowKind.None => 1.0,
        WindowKind.Joglekar => 1.0 - Math.Pow(Math.Abs(2.0 * x - 1.0), 2.0 * P),
        WindowKind.Biolek => 1.0 - Math.Pow(Math.Abs(x - BiolekStep(direction)), 2.0 * P),
        WindowKind.Prodromakis => J * (1.0 - Math.Pow((x - 0.5) * (x - 0.5) + 0.75, P)),
        _ => throw new InvalidOperationException($"unknown window {Kind}"),
    };

    /// <summary>∂f/∂x at fixed direction.</summary>
    public double Derivative(double x, double direction)
    {
        switch (Kind)
        {
            case WindowKind.None:
                return 0.0;
            case WindowKind.Joglekar:
            {
                var b = 2.0 * x - 1.0;
                return -2.0 * P * Math.Pow(Math.Abs(b), 2.0 * P - 1.0) * Math.Sign(b) * 2.0;
            }
            case WindowKind.Biolek:
            {
                var b = x - BiolekStep(direction);
                return -2.0 * P * Math.Pow(Math.Abs(b), 2.0 * P - 1.0) * Math.Sign(b);
            }
            case WindowKind.Prodromakis:
            {
                var q = (x - 0.5) * (x - 0.5) + 0.75;
                return -J * P * Math.Pow(q, P - 1.0) * 2.0 * (x - 0.5);
            }
            default:
                throw new InvalidOperationException($"unknown window {Kind}");
        }
    }

    /// <summary>Biolek's stp(−i): 1 when the drive is zero or negative, 0 when it is positive.</summary>
    public static double BiolekStep(double direction) => direction > 0.0 ? 0.0 : 1.0;
}
