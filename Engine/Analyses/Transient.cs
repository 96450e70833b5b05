using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;

namespace MemristorSpice.Engine.Analyses;

/// <summary>
/// Transient analysis (.tran tstep tstop [tstart [tmax]] [uic]) with SPICE's step control (dctran.c):
/// trapezoidal or Gear-2 of order 2 (order 1 = backward Euler on the first step and after breakpoints),
/// next step from the local truncation error of every charge/flux (TRTOL), rejection when the LTE step is
/// below 0.9 of the tried step, step /8 on Newton failure, exact landing on source breakpoints.
/// Output: every accepted time point (≥ tstart); t = 0 only without uic (as ngspice).
/// </summary>
public sealed class Transient : Simulation
{
    /// <summary>Transient of circuit with print step step and stop time stop in s (both must be positive).</summary>
    public Transient(Circuit circuit, double step, double stop, SimulationOptions? options = null) : base(circuit, options)
    {
        if (!(step > 0) || !(stop > 0)) throw new CircuitException($"Transient needs tstep > 0 and tstop > 0 (got {step}, {stop}).");
        Step = step; Stop = stop;
        AnalysisName = "Transient";
    }

    /// <summary>Print step tstep in s (also the default of source rise times).</summary>
    public double Step { get; }
    /// <summary>Stop time in s.</summary>
    public double Stop { get; }
    /// <summary>Start of output in s.</summary>
    public double StartTime { get; init; }
    /// <summary>Skip the operating point and start from initial conditions (uic).</summary>
    public bool UseInitialConditions { get; init; }

    /// <summary>Accepted and rejected step counts (statistics).</summary>
    public int AcceptedSteps { get; private set; }
    /// <summary>Rejected step count (truncation error or Newton failure).</summary>
    public int RejectedSteps { get; private set; }

    /// <summary>Runs the analysis; one row per accepted time point from <see cref="StartTime"/> to <see cref="Stop"/>, axis "time" in s.</summary>
    public WaveformTable Run()
    {
        Setup(AnalysisKind.Transient, checkFloating: !UseInitialConditions, inductorsAreShorts: !UseInitialConditions, inductorLoopsOpen: !UseInitialConditions);
        foreach (var b in Behaviors.OfType<IndependentSourceBehavior>()) { b.TransientStep = Step; b.StopTime = Stop; }
        double maxStep = Options.MaxStep ?? Math.Min(Step, (Stop - StartTime) / 50);
        // The floor is relative to the stop time too, so that t + step always differs from t in double precision.
        double minStep = Math.Max(1e-11 * maxStep, MinStepOfStop * Stop);
        if (maxStep < minStep)
            throw new TimestepTooSmallException(0, maxStep, $"the maximum step is below the smallest step a stop time of {Stop:G6} s " +
                                                            $"allows ({MinStepOfStop:G} × tstop = {minStep:G3} s)");

        SolveInitialPoint();
        var outputs = OutputUnknowns();
        var recorder = new TransientRecorder(outputs, Options.PointLimit(outputs.Count), StartTime, Stop);
        var breakpoints = new Breakpoints(recorder.Limit);
        foreach (var b in Behaviors) b.AddBreakpoints(breakpoints, Stop);
        breakpoints.Add(Stop);
        // With uic there is no consistent solution at t = 0 (nodes without .ic read 0 whatever their capacitors
        // hold), so, as ngspice, the output starts at the first time step.
        if (!UseInitialConditions) recorder.Record(0, Context.Solution);
        Integrate(breakpoints, recorder, maxStep, minStep);
        return recorder.ToTable();
    }

    /// <summary>Smallest time step as a fraction of the stop time (about 45 units of double rounding).</summary>
    private const double MinStepOfStop = 1e-14;

    /// <summary>
    /// The operating point (or the initial conditions with uic), then one load that stores the t = 0 charges and
    /// fluxes as the integration history; every later load is a time step.
    /// </summary>
    private void SolveInitialPoint()
    {
        var ctx = Context;
        ctx.Time = 0;
        if (UseInitialConditions)
        {
            foreach (var (node, v) in Circuit.InitialConditions)
            {
                int i = IndexOf($"v({Circuit.NormalizeNode(node)})");
                if (i > 0) ctx.Solution[i] = v;
            }
            ctx.Mode = LoadMode.TransientStartFromInitialConditions;
        }
        else
        {
            ForceInitialConditions = true;
            SolveOperatingPoint(Options.DcMaxIterations, 0);
            ForceInitialConditions = false;
            ctx.Mode = LoadMode.TransientStart;
        }
        LoadAll();
        ctx.States.FillFromCurrent();
        ctx.Mode = LoadMode.TimeStep;
    }

    /// <summary>
    /// The time loop, with ngspice's rules (dctran.c): the first step is min(tstop/100, tstep)/10, cut to a tenth of the
    /// gap to the first corner and divided by 10 once more; at every corner (source breakpoint)
    /// the order drops to 1 and the step to a tenth of the smaller of the step before the corner and the gap to the
    /// next one (a behavioral switch only cuts the step that meets it, see <see cref="SwitchMonitor"/>); the step grows at most 2x per point; order 2 only when the order-2 truncation estimate allows more than
    /// 1.05 times the step; a point whose truncation step is below 0.9 of the tried step is rejected; Newton failure
    /// divides the step by 8.
    /// </summary>
    private void Integrate(Breakpoints breakpoints, TransientRecorder recorder, double maxStep, double minStep)
    {
        var ctx = Context;
        var integ = ctx.Integrator;
        double delta = Math.Min(Stop / 100, Step) / 10;
        double saveDelta = Stop / 50;
        integ.Start(maxStep);
        double t = 0;
        int order = 1;
        bool firstStep = true, atCorner = true, retryAfterNewtonFailure = false;
        var saved = (double[])ctx.Solution.Clone();
        double breakTol = minStep * 10;
        long stepLimit = Options.TimeStepLimit;
        // With uic the solution at t = 0 is not consistent; ngspice adds a corner at tstep so that the start-up ringing
        // of inductor and capacitor currents is followed with order 1 and small steps.
        if (UseInitialConditions && Step < Stop) breakpoints.Add(Step);
        var switches = new SwitchMonitor(Behaviors, Unknowns, Options);
        switches.Capture(0);
        double switchFloor = Math.Max(4 * minStep, 1e-4 * maxStep);

        while (t < Stop - breakTol)
        {
            delta = Math.Min(delta, maxStep);
            double next = breakpoints.Next(t, breakTol);
            if (atCorner)
            {
                order = 1;
                double gap = double.IsFinite(next) ? next - t : double.PositiveInfinity;
                delta = Math.Min(delta, 0.1 * Math.Min(saveDelta, gap));
                if (firstStep) delta /= 10;
                delta = Math.Max(delta, 2 * minStep);
            }
            bool hitsBreak = false;
            if (t + delta >= next - breakTol) { saveDelta = delta; delta = next - t; hitsBreak = true; }

            // Attempts at this point: each failure shrinks the step, so a later attempt cannot pass the corner.
            while (true)
            {
                if (AcceptedSteps + (long)RejectedSteps >= stepLimit)
                    throw new ResourceLimitException(AnalysisName, "time steps (accepted and rejected)", stepLimit,
                        "--max-points (SimulationOptions.MaxPoints or MaxTimeSteps)", $"at t = {t:G6} s of tstop {Stop:G6} s");
                double h = delta;
                Array.Copy(ctx.Solution, saved, saved.Length);
                ctx.States.RestoreCurrent();
                integ.SetStep(h, order);
                ctx.Time = t + h;
                // With uic no operating point was solved, so the first time point does that work (a diode at 0 V behind a
                // source that jumps needs ~10 limited Newton steps to reach conduction): it gets the DC iteration limit.
                // So does the retry of a point whose Newton failed (after the step cut by 8, as ngspice): a BJT stage
                // switching hard needs more than ITL4 = 10 limited iterations even at the shorter step, and cutting by 8
                // again and again then shrinks the step to nothing.
                int iterations = (firstStep && UseInitialConditions) || retryAfterNewtonFailure
                    ? Math.Max(Options.TransientMaxIterations, Options.DcMaxIterations) : Options.TransientMaxIterations;
                string? limiter = null;
                bool switchCut = false;
                bool ok = Newton(iterations, ctx.Time);
                // A state pinned at a bound by a condition (a threshold memristor at Ron or Roff) has no exact solution of
                // the discretised equations once its step is short: the condition flips at every iteration while the
                // unknowns no longer move. At a step this short the point is kept; the error is the unknowns' tolerance.
                if (!ok && h <= switchFloor && LastFailureOnlyDeviceTest && IsBehavioral(Context.NonConvergedBy)) ok = true;
                double next2 = h;
                retryAfterNewtonFailure = !ok;
                if (!ok)
                {
                    next2 = h / 8;
                    order = 1;
                }
                else if (!firstStep)
                {
                    (double lte, limiter) = TruncationStep(t);
                    next2 = Math.Min(2 * h, lte);
                    if (next2 > 0.9 * h && switches.Check(h, switchFloor) is { } cut)
                    {
                        // A behavioral condition changed inside the step: retry up to just past where it changed, so
                        // that the device runs on the wrong side of its condition for a small part of a step only.
                        next2 = cut.Step;
                        limiter = cut.Element;
                        switchCut = true;
                    }
                    else if (next2 > 0.9 * h)
                    {
                        if (order == 1)
                        {
                            // Raise the order only when the order-2 estimate allows a clearly larger step (dctran.c).
                            integ.SetOrder(2);
                            double lte2 = Math.Min(2 * h, TruncationStep(t).Step);
                            integ.SetOrder(1);
                            if (lte2 > 1.05 * h) order = 2;
                            next2 = lte2;
                        }
                    }
                }
                if (ok && (firstStep || next2 > 0.9 * h))
                {
                    t += h;
                    if (hitsBreak) t = next;
                    ctx.Time = t;
                    AcceptedSteps++;
                    AcceptAll();
                    ctx.States.Rotate();
                    integ.Accept();
                    recorder.Record(t, ctx.Solution);
                    atCorner = hitsBreak;
                    firstStep = false;
                    delta = next2;
                    switches.Capture(t);
                    break;
                }
                // As dctran.c, a retry after a truncation rejection starts Newton from the rejected solution (ngspice
                // never restores it): a hysteretic switch that flipped there stays flipped while its control is inside
                // the band at the shorter step. After a Newton failure the last good point is the safer start, and a
                // behavioral condition that changed (cut by our own rule, see SwitchMonitor) must be retried from before
                // the change, not from its far side.
                if (!ok || switchCut || switches.AnyChanged()) Array.Copy(saved, ctx.Solution, saved.Length);
                RejectedSteps++;
                hitsBreak = false;
                delta = next2;
                if (delta < minStep)
                {
                    if (h > minStep) { delta = minStep; continue; } // one more try at the floor, as ngspice does
                    if (!ok)
                    {
                        var f = LastFailure;
                        throw new TimestepTooSmallException(t, delta, $"Newton did not converge ({f.Message})",
                            f.WorstUnknowns.Count > 0 ? f.WorstUnknowns[0] : null);
                    }
                    throw new TimestepTooSmallException(t, delta, "local truncation error too large", limiter);
                }
            }
        }
    }

    private bool IsBehavioral(string? element) =>
        element is not null && Behaviors.Any(b => b is Behavioral.IBehavioralFunctions && b.Name == element);

    /// <summary>Largest step every device's truncation error allows, and the device that sets it.</summary>
    private (double Step, string? Limiter) TruncationStep(double t)
    {
        double step = double.PositiveInfinity;
        string? limiter = null;
        foreach (var b in Behaviors)
        {
            double s = b.TruncationStep(Context);
            if (double.IsNaN(s))
                throw new NumericOverflowException($"{AnalysisName}: numeric overflow in element {b.Name} at time {t:G6} s: " +
                                                   "its truncation error estimate is not a number (check its parameters).", b.Name, null, t);
            if (s < step) { step = s; limiter = b.Name; }
        }
        return (step, limiter);
    }
}
