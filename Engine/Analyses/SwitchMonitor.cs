using MemristorSpice.Engine.Behavioral;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Analyses;

/// <summary>
/// Step control at discontinuities of behavioral expressions: compares the switch records of every behavioral
/// function (a condition of ?: or a u() step, with its margin to the threshold) at a new time point with those of the
/// last accepted point. When one changed inside a step that is not already short, the step is retried up to just past
/// where the change happened, estimated by linear interpolation of the margin (the condition's argument), so that the
/// element runs on the wrong side of its condition for a small part of a step only. ngspice does not do this; it only
/// rejects on truncation error, which does not see a jump of a source that feeds no charge directly.
/// </summary>
internal sealed class SwitchMonitor
{
    /// <summary>A change is accepted when it happened in the last this fraction of the step.</summary>
    private const double LateFraction = 0.05;
    /// <summary>A retry ends this fraction of the tried step past the estimated change.</summary>
    private const double Overshoot = 0.02;
    /// <summary>After a cut, a change estimated earlier than this fraction of its previous time moved with the step.</summary>
    private const double StableOffset = 0.8;
    /// <summary>An end of a step whose margin moves less than this fraction of the other end's is flat (no slope).</summary>
    private const double FlatSlope = 1e-6;
    /// <summary>A predicted jump closer than this fraction of the step to its start is crossed at once.</summary>
    private const double EarlyFraction = 0.1;
    /// <summary>Most retries for one time point (a condition whose margin jumps needs a few).</summary>
    private const int MaxCuts = 8;

    private readonly (BoundFunction Function, double[] Accepted, double[] Inputs, double[] Before)[] _items;
    private int _cuts;
    private double _lastOffset;
    private double _acceptedTime = double.NaN, _beforeTime = double.NaN;
    private bool _predictedCut;

    private readonly SimulationOptions _options;
    private readonly IReadOnlyList<Unknown> _unknowns;

    public SwitchMonitor(IEnumerable<Behavior> behaviors, IReadOnlyList<Unknown> unknowns, SimulationOptions options)
    {
        _items = behaviors.OfType<IBehavioralFunctions>().SelectMany(b => b.Functions)
            .Where(f => f.Switches.Length > 0).Select(f => (f, new double[f.Switches.Length], new double[f.InputValues.Length], new double[f.Switches.Length])).ToArray();
        _unknowns = unknowns;
        _options = options;
    }

    /// <summary>Stores the records of the accepted point at <paramref name="time"/> s as the reference for the next step.</summary>
    public void Capture(double time)
    {
        _beforeTime = _acceptedTime;
        _acceptedTime = time;
        foreach (var (f, accepted, inputs, before) in _items)
        {
            accepted.CopyTo(before);
            f.Switches.CopyTo(accepted);
            f.InputValues.CopyTo(inputs);
        }
        _cuts = 0;
        _predictedCut = false;
    }

    /// <summary>True when a condition is on another side (or in another branch) than at the accepted point.</summary>
    public bool AnyChanged()
    {
        foreach (var (f, accepted, _, _) in _items)
        {
            var now = f.Switches;
            for (int j = 0; j < now.Length; j += f.InputValues.Length + 1)
            {
                double a = accepted[j], b = now[j];
                if (double.IsNaN(a) != double.IsNaN(b) || a > 0 != b > 0) return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Null when the step of h s may be accepted (no change, a late change, a step at the floor or the retries used
    /// up); else the step to retry and the element whose condition changed.
    /// </summary>
    public (double Step, string Element)? Check(double h, double floor)
    {
        if (_items.Length == 0) return null;
        double theta = 1, jumpTheta = 1, leftTheta = 1;
        string? who = null, jumpWho = null, leftWho = null;
        foreach (var (f, accepted, inputs, before) in _items)
        {
            var now = f.Switches;
            var x = f.InputValues;
            int m = x.Length;
            for (int j = 0; j < now.Length; j += m + 1)
            {
                double a = accepted[j], b = now[j];
                if (double.IsFinite(a) && double.IsNaN(b) && LeftBranchCrossing(a, before[j], h) is { } left && left < leftTheta)
                {
                    leftTheta = left;
                    leftWho = f.Owner;
                }
                if (!double.IsFinite(a) || !double.IsFinite(b) || a == b) continue;
                // How far the inputs' moves explain the margin's change, and the margin's tolerance from theirs.
                double explained = 0, tolerance = 0, movedAtA = 0, movedAtB = 0;
                for (int k = 0; k < m; k++)
                {
                    double dx = x[k] - inputs[k];
                    movedAtA += accepted[j + 1 + k] * dx;
                    movedAtB += now[j + 1 + k] * dx;
                    double slope = Math.Max(Math.Abs(accepted[j + 1 + k]), Math.Abs(now[j + 1 + k]));
                    if (slope == 0) continue;
                    explained += slope * Math.Abs(dx);
                    tolerance += slope * (_options.RelTol * Math.Max(Math.Abs(x[k]), Math.Abs(inputs[k])) + _unknowns[f.Unknowns[k]].AbsTol);
                }
                // A change the inputs cannot explain is rounding noise of a flat margin (a threshold function that is
                // exactly 0 below its threshold); a margin within the inputs' Newton tolerance on both sides is chatter
                // of a state held at a bound. Neither is a switch worth a shorter step.
                if (!(Math.Abs(b - a) <= 10 * explained)) continue;
                if (Math.Max(Math.Abs(a), Math.Abs(b)) <= tolerance) continue;
                // A flat threshold function (exactly 0 inside its band up to rounding, with no slope there) sits on
                // its condition's boundary: reaching or leaving the band is a change whether the relation is > or <,
                // and whatever sign the rounding gives the flat end. Other margins change when their sign does.
                double a0 = Math.Abs(a) <= tolerance ? 0 : a, b0 = Math.Abs(b) <= tolerance ? 0 : b;
                bool flatA = a0 == 0 && Math.Abs(movedAtA) <= FlatSlope * Math.Abs(movedAtB);
                bool flatB = b0 == 0 && Math.Abs(movedAtB) <= FlatSlope * Math.Abs(movedAtA);
                bool changed = a > 0 != b > 0 || (flatA || flatB) && Math.Sign(a0) != Math.Sign(b0);
                if (!changed) continue;
                if (ChangePoint(a, b, movedAtA, movedAtB, flatA, flatB) is not { } th) continue;
                // A margin that was approaching its threshold at the accepted point (smaller in size than at the point
                // before, same sign) or that leaves a flat band crosses where the estimate says. One that sat still or
                // moved away and then crossed inside this step jumped: it follows another condition's change (a
                // comparator's own output in its hysteresis test) and its secant, about the middle of the step, says
                // nothing about when; it only counts when no approaching margin changed.
                double p = before[j];
                bool approaching = flatA || double.IsFinite(p) && p > 0 == a > 0 && Math.Abs(a) < Math.Abs(p);
                if (approaching) { if (who is null || th < theta) { theta = th; who = f.Owner; } }
                else if (jumpWho is null || th < jumpTheta) { jumpTheta = th; jumpWho = f.Owner; }
            }
        }
        // Only jumps changed: a condition of a branch that is no longer evaluated (the u() that flipped the comparator
        // whose output test then jumped) was on its way to its threshold; its crossing, extrapolated from the last two
        // accepted points, is where the jump came from.
        // Such a jump is a discontinuity (a comparator's output), and the implicit step that ends past it runs on the
        // new side for the whole step; so the step is first cut to end just before the predicted crossing, and the
        // crossing itself is then taken by the next, short step. A retry that still jumped means the prediction was
        // late: then the jump's own estimate halves the step as for any other change.
        if (who is null && jumpWho is not null && leftWho is not null && !_predictedCut)
        {
            if (leftTheta > EarlyFraction && h > floor && _cuts < MaxCuts)
            {
                _predictedCut = true;
                _cuts++;
                _lastOffset = leftTheta * h;
                return (Math.Max(h * (leftTheta - Overshoot), floor), leftWho);
            }
            theta = leftTheta; who = leftWho;
        }
        if (who is null) { theta = jumpTheta; who = jumpWho; }
        if (who is null) return null;
        if (1 - theta <= LateFraction || h <= floor || _cuts >= MaxCuts) return null;
        // A real change stays at the same time when the step is cut; one that moves with the step (estimated clearly
        // earlier than before the cut) is an input that jumped at the step's start (a source's vertical edge at a
        // breakpoint): no shorter step resolves it.
        double offset = theta * h;
        if (_cuts > 0 && offset < StableOffset * _lastOffset) return null;
        _lastOffset = offset;
        _cuts++;
        return (Math.Max(h * (theta + Overshoot), floor), who);
    }

    /// <summary>
    /// Fraction of the step of <paramref name="h"/> s at which a margin <paramref name="a"/> at the accepted point, which
    /// was <paramref name="p"/> at the point before and was approaching 0, reaches 0 when it keeps its rate; null when
    /// it was not approaching or does not reach 0 within the step.
    /// </summary>
    private double? LeftBranchCrossing(double a, double p, double h)
    {
        double dt = _acceptedTime - _beforeTime;
        if (!double.IsFinite(p) || !(dt > 0) || p > 0 != a > 0 || !(Math.Abs(a) < Math.Abs(p))) return null;
        double theta = a / (p - a) * dt / h;
        return theta is > 0 and < 1 ? theta : null;
    }

    /// <summary>
    /// Fraction of the step at which a margin went from <paramref name="a"/> (accepted point) to <paramref name="b"/>.
    /// The secant |a|/(|a|+|b|) is right for a margin that is linear across the step. A threshold function is flat on
    /// one side (f = β·max(|v| − Vt, 0) is exactly 0 inside the band): a margin that ends flat at 0 puts the secant's
    /// change at the end of the step, one that starts flat at its beginning, although the crossing lies where the input
    /// passed the threshold. So a flat end is replaced by the extrapolation of the other end with its own slopes
    /// (<paramref name="movedAtA"/> = Σ ∂m/∂x at a · Δx, likewise at b), exact for a linear piece. Null when the flat
    /// end's partner does not reach 0 within the step (no change).
    /// </summary>
    internal static double? ChangePoint(double a, double b, double movedAtA, double movedAtB, bool flatA, bool flatB)
    {
        if (flatB && !flatA)
        {
            // From the accepted end: a + θ·movedAtA = 0.
            double t = movedAtA != 0 ? -a / movedAtA : double.NaN;
            return t is > 0 and <= 1 ? t : null;
        }
        if (flatA && !flatB)
        {
            // From the new end: b − (1 − θ)·movedAtB = 0.
            double t = movedAtB != 0 ? 1 - b / movedAtB : double.NaN;
            return t is >= 0 and < 1 ? t : null;
        }
        return Math.Abs(a) / (Math.Abs(a) + Math.Abs(b));
    }
}
