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
    /// <summary>Most retries for one time point (a condition whose margin jumps needs a few).</summary>
    private const int MaxCuts = 8;

    private readonly (BoundFunction Function, double[] Accepted, double[] Inputs)[] _items;
    private int _cuts;

    private readonly SimulationOptions _options;
    private readonly IReadOnlyList<Unknown> _unknowns;

    public SwitchMonitor(IEnumerable<Behavior> behaviors, IReadOnlyList<Unknown> unknowns, SimulationOptions options)
    {
        _items = behaviors.OfType<IBehavioralFunctions>().SelectMany(b => b.Functions)
            .Where(f => f.Switches.Length > 0).Select(f => (f, new double[f.Switches.Length], new double[f.InputValues.Length])).ToArray();
        _unknowns = unknowns;
        _options = options;
    }

    /// <summary>Stores the records of the accepted point as the reference for the next step.</summary>
    public void Capture()
    {
        foreach (var (f, accepted, inputs) in _items) { f.Switches.CopyTo(accepted); f.InputValues.CopyTo(inputs); }
        _cuts = 0;
    }

    /// <summary>
    /// Null when the step of h s may be accepted (no change, a late change, a step at the floor or the retries used
    /// up); else the step to retry and the element whose condition changed.
    /// </summary>
    public (double Step, string Element)? Check(double h, double floor)
    {
        if (_items.Length == 0) return null;
        double theta = 1;
        string? who = null;
        foreach (var (f, accepted, inputs) in _items)
        {
            var now = f.Switches;
            var x = f.InputValues;
            int m = x.Length;
            for (int j = 0; j < now.Length; j += m + 1)
            {
                double a = accepted[j], b = now[j];
                if (!double.IsFinite(a) || !double.IsFinite(b) || a > 0 == b > 0) continue;
                // How far the inputs' moves explain the margin's change, and the margin's tolerance from theirs.
                double explained = 0, tolerance = 0;
                for (int k = 0; k < m; k++)
                {
                    double slope = Math.Max(Math.Abs(accepted[j + 1 + k]), Math.Abs(now[j + 1 + k]));
                    if (slope == 0) continue;
                    explained += slope * Math.Abs(x[k] - inputs[k]);
                    tolerance += slope * (_options.RelTol * Math.Max(Math.Abs(x[k]), Math.Abs(inputs[k])) + _unknowns[f.Unknowns[k]].AbsTol);
                }
                // A change the inputs cannot explain is rounding noise of a flat margin (a threshold function that is
                // exactly 0 below its threshold); a margin within the inputs' Newton tolerance on both sides is chatter
                // of a state held at a bound. Neither is a switch worth a shorter step.
                if (!(Math.Abs(b - a) <= 10 * explained)) continue;
                if (Math.Max(Math.Abs(a), Math.Abs(b)) <= tolerance) continue;
                double th = Math.Abs(a) / (Math.Abs(a) + Math.Abs(b));
                if (who is null || th < theta) { theta = th; who = f.Owner; }
            }
        }
        if (who is null) return null;
        if (1 - theta <= LateFraction || h <= floor || _cuts >= MaxCuts) return null;
        _cuts++;
        return (Math.Max(h * (theta + Overshoot), floor), who);
    }
}
