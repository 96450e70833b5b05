namespace MemristorSpice.Devices.Memristors;

/// <summary>
/// Implicit integration of a single memristor state under a given device voltage (no circuit around it):
/// trapezoidal rule x₊ = x + h/2·(r(x, v) + r(x₊, v₊)), solved by Newton with the analytic ∂r/∂x and the iterate
/// clamped to [0, 1]. Used for pulse programming and read-disturb studies; the circuit engine integrates the
/// same equations inside its MNA system.
/// </summary>
public sealed class StateIntegrator(IMemristorModel model)
{
    /// <summary>Newton stops when |Δx| is below this (absolute, state units).</summary>
    public double StateTolerance { get; init; } = 1e-12;

    /// <summary>Newton iterations before the step is halved.</summary>
    public int MaxNewtonIterations { get; init; } = 50;

    /// <summary>The model being integrated.</summary>
    public IMemristorModel Model { get; } = model;

    /// <summary>
    /// Integrates from <paramref name="x"/> over <paramref name="seconds"/> at constant <paramref name="volts"/> in
    /// <paramref name="steps"/> equal steps (each halved recursively when Newton fails). Returns the final state.
    /// </summary>
    public double Hold(double x, double volts, double seconds, int steps = 100)
    {
        if (!(seconds >= 0.0)) throw new ArgumentOutOfRangeException(nameof(seconds), $"duration must be >= 0 s, got {seconds}.");
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), "need at least one step.");
        var h = seconds / steps;
        for (var k = 0; k < steps; k++)
            x = Step(x, volts, h, 0);
        return x;
    }

    private double Step(double x, double volts, double h, int depth)
    {
        if (TryTrapezoid(x, volts, h, out var next)) return next;
        if (depth > 30) throw new InvalidOperationException($"{Model.Name}: state integration failed at x = {x}, v = {volts} V.");
        var mid = Step(x, volts, h / 2, depth + 1);
        return Step(mid, volts, h / 2, depth + 1);
    }

    private bool TryTrapezoid(double x, double volts, double h, out double next)
    {
        var r0 = Model.Rate(x, volts).Rate;
        next = Smooth.ClampUnit(x + h * r0); // explicit predictor
        for (var it = 0; it < MaxNewtonIterations; it++)
        {
            var r = Model.Rate(next, volts);
            var g = next - x - 0.5 * h * (r0 + r.Rate);
            var dg = 1.0 - 0.5 * h * r.DRateDx;
            if (!(dg > 1e-12)) return false;
            var candidate = Smooth.ClampUnit(next - g / dg);
            var change = Math.Abs(candidate - next);
            next = candidate;
            if (change <= StateTolerance) return true;
        }
        return false;
    }
}
