namespace MemristorSpice.Engine.Core;

/// <summary>Base of every error the engine reports about a circuit (not about a programming mistake).</summary>
public class CircuitException : Exception
{
    /// <summary>Error with a message for the user that names the offending element or value.</summary>
    public CircuitException(string message) : base(message) { }
}

/// <summary>Nodes without a DC path to ground (only capacitors or current sources attach them).</summary>
internal sealed class FloatingNodeException(IReadOnlyList<string> nodes)
    : CircuitException($"Floating node(s) with no DC path to ground: {string.Join(", ", nodes)}. " +
                       "Add a resistor to ground or check the connections.")
{
    public IReadOnlyList<string> Nodes { get; } = nodes;
}

/// <summary>A loop made only of voltage sources and/or inductors (over-determined branch voltages).</summary>
internal sealed class VoltageSourceLoopException(IReadOnlyList<string> elements)
    : CircuitException($"Loop of voltage sources/inductors: {string.Join(", ", elements)}. " +
                       "Their voltages are over-determined; add a series resistance.")
{
    public IReadOnlyList<string> Elements { get; } = elements;
}

/// <summary>A zero pivot: the named unknown is not determined by the equations.</summary>
internal sealed class SingularMatrixException(string unknown, double? time)
    : CircuitException($"Singular matrix: unknown {unknown} is not determined" +
                       (time is double t ? $" at time {t:G6} s" : "") + ".")
{
    public string Unknown { get; } = unknown;
    public double? Time { get; } = time;
}

/// <summary>Newton-Raphson did not converge.</summary>
internal sealed class ConvergenceException : CircuitException
{
    public ConvergenceException(string analysis, double? time, IReadOnlyList<string> worstUnknowns,
        double lastDelta, double lastResidual, int iterations)
        : base($"{analysis}: Newton-Raphson did not converge" + (time is double t ? $" at time {t:G6} s" : "") +
               $" after {iterations} iterations; worst unknowns: {string.Join(", ", worstUnknowns)}; " +
               $"last max update {lastDelta:G4}, last max residual {lastResidual:G4}.")
    {
        Analysis = analysis; Time = time; WorstUnknowns = worstUnknowns;
        LastDelta = lastDelta; LastResidual = lastResidual; Iterations = iterations;
    }

    public string Analysis { get; }
    /// <summary>Simulation time in seconds (transient only).</summary>
    public double? Time { get; }
    /// <summary>Names of the unknowns (e.g. v(out), i(v1)) that moved most relative to their tolerance.</summary>
    public IReadOnlyList<string> WorstUnknowns { get; }
    public double LastDelta { get; }
    public double LastResidual { get; }
    public int Iterations { get; }
}

/// <summary>The transient step shrank below the minimum without convergence or acceptable truncation error.</summary>
internal sealed class TimestepTooSmallException(double time, double step, string reason, string? near = null)
    : CircuitException($"Timestep too small at time {time:G8} s (step {step:G3} s)" +
                       (near is null ? "" : $" near {near}") + $": {reason}")
{
    /// <summary>Last accepted time in seconds.</summary>
    public double Time { get; } = time;
    public double Step { get; } = step;
    /// <summary>Unknown (v(node), i(source)) or element that limited the step, when known.</summary>
    public string? Near { get; } = near;
}

/// <summary>
/// An analysis reached one of its resource limits (stored points, time steps, source breakpoints): it stops instead of
/// growing without bound. The message names the analysis, the count reached and the option that raises the limit.
/// </summary>
internal sealed class ResourceLimitException(string analysis, string what, long reached, string option, string? detail = null)
    : CircuitException($"{analysis}: {what} exceed the limit of {reached:N0}" + (detail is null ? "" : $" {detail}") +
                       $"; raise it with {option} if this is intended.")
{
    public string Analysis { get; } = analysis;
    /// <summary>Count at which the analysis stopped.</summary>
    public long Reached { get; } = reached;
    /// <summary>The option that raises the limit.</summary>
    public string Option { get; } = option;
}

/// <summary>
/// The equations left the range of double precision: an element's stamp was not finite (exponential overflow, a
/// conductance of 1/1e-320), or the matrix was numerically singular though every node has a DC path. Not a topology
/// problem: the message names the element or node and the analysis point.
/// </summary>
internal sealed class NumericOverflowException(string message, string? element, string? node, double? time) : CircuitException(message)
{
    /// <summary>Element whose load produced a non-finite value, when one did.</summary>
    public string? Element { get; } = element;
    /// <summary>Unknown (v(node), i(source)) where elimination or the solution failed, when no element is to blame.</summary>
    public string? Node { get; } = node;
    /// <summary>Transient time in s, null at an operating point.</summary>
    public double? Time { get; } = time;
}
