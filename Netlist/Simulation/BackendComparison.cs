using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Results;

namespace MemristorSpice.Netlist.Simulation;

/// <summary>
/// Allowed differences between two backends. OP and DC points: relative to the reference value,
/// <c>DcRelTol·|ref| + abs</c>. Transients: relative to the reference waveform's peak-to-peak,
/// <c>TranRelTol·p-p + abs</c>. abs is 1 µV for voltages and 1 nA for currents. The defaults are the levels
/// the engine is validated to against ngspice on the reference decks (1e-4 DC, 1 % of p-p transient).
/// AC: absolute differences of the magnitude in dB and of the phase in degrees (<see cref="AcDecibels"/>,
/// <see cref="AcDegrees"/>). Noise spectra and totals: <c>DcRelTol·|ref|</c> at each frequency.
/// </summary>
/// <param name="DcRelTol">Relative tolerance of OP and DC values, to the reference value.</param>
/// <param name="TranRelTol">Relative tolerance of transient values, to the reference's peak-to-peak.</param>
public sealed record ComparisonTolerance(double DcRelTol, double TranRelTol)
{
    /// <summary>1e-4 for OP/DC, 1 % of peak-to-peak for transients, 0.01 dB and 0.1° for AC.</summary>
    public static ComparisonTolerance Default { get; } = new(1e-4, 1e-2);

    /// <summary>
    /// Largest magnitude difference in dB of an AC signal. Default 0.01 dB (0.12 %): both engines solve the same
    /// linear system per frequency, so only operating-point differences of nonlinear devices (Newton tolerance
    /// RELTOL 1e-3 on their currents) remain.
    /// </summary>
    public double AcDecibels { get; init; } = 0.01;

    /// <summary>Largest phase difference in degrees of an AC signal. Default 0.1° (0.0017 rad, same reasoning).</summary>
    public double AcDegrees { get; init; } = 0.1;

    /// <summary>
    /// The same relative tolerance r for every analysis (the --reltol option); for AC a relative error r of a
    /// phasor is at most 20·log10(1 + r) dB in magnitude and r rad in phase.
    /// </summary>
    public static ComparisonTolerance Uniform(double relTol) => new(relTol, relTol)
    {
        AcDecibels = 20 * Math.Log10(1 + relTol),
        AcDegrees = relTol * 180 / Math.PI,
    };

    /// <summary>
    /// AC points where the reference is more than this many dB below the signal's own peak over the sweep are
    /// not compared: there the phasor is rounding noise of the solve (a node without AC path, a cancelled
    /// current), and its phase is meaningless.
    /// </summary>
    public const double AcDynamicRangeDecibels = 120;

    /// <summary>
    /// The default, with the OP/DC tolerance widened to the deck's RELTOL when that is larger: SPICE's Newton stops
    /// once an update is below reltol·|v| + vntol, so a reference solved at the default 1e-3 can sit 1e-4 of |v|
    /// away from the exact point (measured: a diode sweep in ngspice 39 at 8.5e-5 V of 0.7 V, ours at 2e-7 V).
    /// A deck that asks for 1e-6 is compared at 1e-4.
    /// </summary>
    public static ComparisonTolerance ForDeck(double deckRelTol) =>
        Default with { DcRelTol = Math.Max(Default.DcRelTol, deckRelTol) };

    /// <summary>Absolute tolerance floor of a signal: 1 nA for currents i(...), 1 µV for voltages.</summary>
    public static double Absolute(string signal) => signal.StartsWith("i(", StringComparison.Ordinal) ? 1e-9 : 1e-6;
}

/// <summary>One signal of one analysis: largest and RMS difference, the tolerance at the worst point, pass/fail.</summary>
/// <param name="Analysis">The analysis as its netlist line (.op, .dc ..., .tran ...).</param>
/// <param name="Signal">Signal name, v(node) or i(element); vdb/vp columns for AC.</param>
/// <param name="Points">Number of points compared.</param>
/// <param name="MaxDifference">Largest absolute difference (Volts, Amperes, dB or degrees).</param>
/// <param name="RmsDifference">Root-mean-square difference, same unit.</param>
/// <param name="Tolerance">Allowed difference at the worst point, same unit.</param>
/// <param name="Pass">True when every point is within its tolerance.</param>
public sealed record SignalComparison(string Analysis, string Signal, int Points, double MaxDifference, double RmsDifference, double Tolerance, bool Pass)
{
    /// <summary>Reference points left out of the comparison (transient samples at a switching edge, AC points far below the signal's peak).</summary>
    public int Skipped { get; init; }
}

/// <summary>One .meas result of both runs: the two values (or why one is missing), the allowed difference, pass/fail.</summary>
/// <param name="Analysis">The analysis as its netlist line.</param>
/// <param name="Name">The measurement's result name.</param>
/// <param name="Ours">Our value; null when our measurement failed.</param>
/// <param name="Reference">The reference's value; null when it failed or is not evaluated there.</param>
/// <param name="Tolerance">Allowed |ours - reference| (unit of the measurement); NaN when not compared.</param>
/// <param name="Pass">True when both agree within the tolerance, both fail, or the reference does not evaluate the function.</param>
/// <param name="Note">Why a row passes or fails without two values (failure messages, DERIV not evaluated by ngspice 39).</param>
public sealed record MeasurementComparison(string Analysis, string Name, double? Ours, double? Reference, double Tolerance, bool Pass, string Note);

/// <summary>Outcome of comparing two runs: one entry per signal plus problems that prevent a comparison.</summary>
/// <param name="Signals">Per-signal results.</param>
/// <param name="Problems">Structural mismatches (analysis count, missing signals, different axes).</param>
public sealed record ComparisonReport(IReadOnlyList<SignalComparison> Signals, IReadOnlyList<string> Problems)
{
    /// <summary>The .meas results of both runs, one row per measurement and analysis.</summary>
    public IReadOnlyList<MeasurementComparison> Measurements { get; init; } = [];

    /// <summary>Signals only one side has (each line names the analysis, the side and the signals); they are not compared.</summary>
    public IReadOnlyList<string> NotCompared { get; init; } = [];

    /// <summary>True when there were signals to compare, all passed, every measurement agreed, and nothing prevented the comparison.</summary>
    public bool Pass => Problems.Count == 0 && Signals.Count > 0 && Signals.All(s => s.Pass) && Measurements.All(m => m.Pass);
}

/// <summary>
/// Compares our results with a reference run (normally ngspice) signal by signal. Transient results are
/// compared at the reference's time points (ours interpolated linearly). Where the reference jumps by more
/// than 10 % of its peak-to-peak between two samples (switches), samples within 0.5 % of the simulated span
/// of the jump are skipped: the jump instant is resolved to one time step in either simulator.
/// </summary>
public static class BackendComparison
{
    /// <summary>Compares every analysis of <paramref name="ours"/> with the same one of <paramref name="reference"/> (default tolerance <see cref="ComparisonTolerance.Default"/>).</summary>
    public static ComparisonReport Compare(SimulationResult ours, SimulationResult reference, ComparisonTolerance? tolerance = null)
    {
        tolerance ??= ComparisonTolerance.Default;
        var signals = new List<SignalComparison>();
        var problems = new List<string>();
        var measurements = new List<MeasurementComparison>();
        var notCompared = new List<string>();
        if (ours.Analyses.Count != reference.Analyses.Count)
            problems.Add($"{ours.Analyses.Count} analyses vs {reference.Analyses.Count} in the reference");
        for (int a = 0; a < Math.Min(ours.Analyses.Count, reference.Analyses.Count); a++)
        {
            var o = ours.Analyses[a];
            var r = reference.Analyses[a];
            string label = o.Label;
            if (o.Kind != r.Kind)
            {
                problems.Add($"{label}: the reference's result {a + 1} is a {r.Kind} analysis ({r.Label})");
                continue;
            }
            measurements.AddRange(CompareMeasurements(label, o, r, tolerance, problems));
            if (r.Kind == "ac")
            {
                OneSided(label, AcSignals(o.Table), AcSignals(r.Table), notCompared);
            }
            else OneSided(label, o.Table.Names.Where(n => IsCircuitSignal(n) && n != o.Table.AxisName), r.Table.Names.Where(n => IsCircuitSignal(n) && n != r.Table.AxisName), notCompared);
            if (r.Kind == "ac")
            {
                if (o.Table.Count != r.Table.Count)
                    problems.Add($"{label}: {o.Table.Count} frequencies vs {r.Table.Count} in the reference");
                else if (o.Table.Axis.Zip(r.Table.Axis).Any(p => Math.Abs(p.First - p.Second) > 1e-9 * p.Second))
                    problems.Add($"{label}: the frequencies differ from the reference's");
                else if (AcSignals(r.Table).Intersect(AcSignals(o.Table)).ToList() is { Count: > 0 } acCommon)
                    foreach (var name in acCommon)
                        signals.AddRange(Ac(label, name, o.Table, r.Table, tolerance));
                else problems.Add($"{label}: no common signals");
                continue;
            }
            if (r.Kind == "noise")
            {
                if (o.Table.Count != r.Table.Count)
                    problems.Add($"{label}: {o.Table.Count} frequencies vs {r.Table.Count} in the reference");
                else if (o.Table.Axis.Zip(r.Table.Axis).Any(p => Math.Abs(p.First - p.Second) > 1e-9 * p.Second))
                    problems.Add($"{label}: the frequencies differ from the reference's");
                else
                    foreach (var name in r.Table.Names.Where(n => n != r.Table.AxisName && o.Table.Contains(n)).Order(StringComparer.Ordinal))
                        signals.Add(Noise(label, name, o.Table[name], r.Table[name], tolerance.DcRelTol));
                continue;
            }
            var common = r.Table.Names.Where(n => IsCircuitSignal(n) && n != r.Table.AxisName && o.Table.Contains(n)).Order(StringComparer.Ordinal).ToList();
            if (common.Count == 0)
            {
                problems.Add($"{label}: no common signals");
                continue;
            }
            if (r.Kind == "tran")
            {
                foreach (var name in common) signals.Add(Transient(label, name, o.Table, r.Table, tolerance.TranRelTol));
            }
            else if (o.Table.Count != r.Table.Count)
                problems.Add($"{label}: {o.Table.Count} points vs {r.Table.Count} in the reference");
            else
            {
                foreach (var name in common) signals.Add(Pointwise(label, name, o.Table[name], r.Table[name], tolerance.DcRelTol));
            }
        }
        return new ComparisonReport(signals, problems) { Measurements = measurements, NotCompared = notCompared };
    }

    /// <summary>
    /// Relative tolerance r of a measurement: TRAN the transient tolerance (1 % by default), DC ten times the OP/DC one
    /// (a crossing interpolated between sweep points divides a point's error by the slope), AC the relative phasor error
    /// the dB tolerance allows. The allowed difference is r·|ref| plus, for a value of a signal, r times the signal's
    /// peak-to-peak in the reference (as for waveforms) and its absolute floor; for a time or sweep value (TRIG/TARG,
    /// WHEN, MIN_AT, MAX_AT) 1e-3 of the TRAN span (the step size both engines choose) or r of the DC span; for INTEG
    /// the peak-to-peak term times the span. AC axis values are compared relative only (frequencies are positive).
    /// </summary>
    private static IEnumerable<MeasurementComparison> CompareMeasurements(string label, AnalysisResult ours, AnalysisResult reference,
        ComparisonTolerance tolerance, List<string> problems)
    {
        double r = reference.Kind switch
        {
            "tran" => tolerance.TranRelTol,
            "dc" => 10 * tolerance.DcRelTol,
            _ => Math.Pow(10, tolerance.AcDecibels / 20) - 1,
        };
        double[] axis = reference.Ac?.Frequencies ?? reference.Table.Axis;
        double span = axis.Length == 0 ? 0 : axis.Max() - axis.Min();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var theirs in reference.Measurements)
        {
            // Lines may share a name: the k-th of ours pairs with the k-th of the reference.
            int k = seen.GetValueOrDefault(theirs.Name);
            seen[theirs.Name] = k + 1;
            var mine = ours.Measurements.Where(m => m.Name == theirs.Name).Skip(k).FirstOrDefault();
            if (mine is null)
            {
                problems.Add($"{label}: measurement {theirs.Name} is missing from our results");
                continue;
            }
            var definition = theirs.Definition ?? mine.Definition;
            if (definition?.Function == Measurements.MeasureFunction.Derivative)
            {
                yield return new MeasurementComparison(label, theirs.Name, mine.Value, theirs.Value, double.NaN, true,
                    "not compared: ngspice 39 does not evaluate DERIV" + (mine.Failure is { } f ? $"; ours: {f}" : ""));
                continue;
            }
            if (mine.Value is null || theirs.Value is null)
            {
                bool both = mine.Value is null && theirs.Value is null;
                string note = both ? $"both fail (ours: {mine.Failure}; {theirs.Failure})"
                    : mine.Value is null ? $"ours fails: {mine.Failure}" : $"reference fails: {theirs.Failure}";
                yield return new MeasurementComparison(label, theirs.Name, mine.Value, theirs.Value, double.NaN, both, note);
                continue;
            }
            double refValue = theirs.Value.Value;
            double tol = r * Math.Abs(refValue);
            if (definition is { IsAxisValue: true })
                tol += reference.Kind switch { "tran" => 1e-3 * span, "dc" => r * span, _ => 0 };
            else if (definition is not null)
            {
                double pp = SignalSpread(reference, definition);
                tol += definition.Function == Measurements.MeasureFunction.Integral ? (r * pp + Floor(definition)) * span : r * pp + Floor(definition);
            }
            double diff = Math.Abs(mine.Value.Value - refValue);
            yield return new MeasurementComparison(label, theirs.Name, mine.Value, refValue, tol, diff <= tol, "");
        }
    }

    private static double Floor(Measurements.Measurement m) => m.Signal is { } s && s.StartsWith("i(", StringComparison.Ordinal) ? 1e-9 : 1e-6;

    /// <summary>Peak-to-peak of the measured signal over the reference analysis (0 when it cannot be read).</summary>
    private static double SignalSpread(AnalysisResult reference, Measurements.Measurement m)
    {
        if (m.Signal is null) return 0;
        var probe = new Measurements.Measurement(m.Name, m.AnalysisKind, Measurements.MeasureFunction.PeakToPeak, m.Location) { Signal = m.Signal };
        return Measurements.MeasurementEvaluator.Evaluate(reference, probe).Value ?? 0;
    }

    /// <summary>Records the signals only one side has: never dropped silently.</summary>
    private static void OneSided(string label, IEnumerable<string> ours, IEnumerable<string> reference, List<string> notCompared)
    {
        var o = ours.ToHashSet(StringComparer.Ordinal);
        var r = reference.ToHashSet(StringComparer.Ordinal);
        foreach (var (side, names) in new[] { ("our", o.Except(r)), ("the reference's", r.Except(o)) })
        {
            var list = names.Order(StringComparer.Ordinal).ToList();
            if (list.Count > 0)
                notCompared.Add($"{label}: {list.Count} signal{(list.Count == 1 ? "" : "s")} only in {side} results: " +
                                string.Join(", ", list.Take(8)) + (list.Count > 8 ? $", ... ({list.Count - 8} more)" : ""));
        }
    }

    private static List<string> AcSignals(WaveformTable table) =>
        table.Names.Select(AcColumns.Parse).Where(p => p is { IsDecibels: true }).Select(p => p!.Value.Signal).Order(StringComparer.Ordinal).ToList();

    /// <summary>Two rows per AC signal: magnitude difference in dB ("vdb(x)") and phase difference in degrees ("vp(x)_deg", wrapped to ±180°).</summary>
    private static IEnumerable<SignalComparison> Ac(string label, string signal, WaveformTable ours, WaveformTable reference, ComparisonTolerance tolerance)
    {
        string dbName = AcColumns.Decibels(signal), degName = AcColumns.Degrees(signal);
        double[] rDb = reference[dbName], oDb = ours[dbName], rDeg = reference[degName], oDeg = ours[degName];
        double floor = rDb.Max() - ComparisonTolerance.AcDynamicRangeDecibels;
        double maxDb = 0, sumDb = 0, maxDeg = 0, sumDeg = 0;
        int n = 0;
        for (int k = 0; k < rDb.Length; k++)
        {
            if (rDb[k] < floor || rDb[k] <= AcColumns.FloorDecibels) continue;
            double dDb = Math.Abs(oDb[k] - rDb[k]);
            double dDeg = Math.Abs(Math.IEEERemainder(oDeg[k] - rDeg[k], 360));
            maxDb = Math.Max(maxDb, dDb); sumDb += dDb * dDb;
            maxDeg = Math.Max(maxDeg, dDeg); sumDeg += dDeg * dDeg;
            n++;
        }
        double rmsDb = n == 0 ? 0 : Math.Sqrt(sumDb / n), rmsDeg = n == 0 ? 0 : Math.Sqrt(sumDeg / n);
        yield return new SignalComparison(label, dbName, n, maxDb, rmsDb, tolerance.AcDecibels, maxDb <= tolerance.AcDecibels) { Skipped = rDb.Length - n };
        yield return new SignalComparison(label, degName, n, maxDeg, rmsDeg, tolerance.AcDegrees, maxDeg <= tolerance.AcDegrees) { Skipped = rDb.Length - n };
    }

    /// <summary>
    /// A .noise column: relative to the reference value at each frequency (noise densities span many decades, so no
    /// absolute floor in V), with 1e-12 of the column's largest value as the floor for densities that vanish.
    /// </summary>
    private static SignalComparison Noise(string label, string name, double[] ours, double[] reference, double relTol)
    {
        double floor = 1e-12 * reference.Select(Math.Abs).DefaultIfEmpty(0).Max();
        double max = 0, sum = 0, tolAtWorst = floor, worstRatio = 0;
        for (int k = 0; k < reference.Length; k++)
        {
            double d = Math.Abs(ours[k] - reference[k]), tol = relTol * Math.Abs(reference[k]) + floor;
            sum += d * d;
            max = Math.Max(max, d);
            double ratio = tol > 0 ? d / tol : d > 0 ? double.PositiveInfinity : 0;
            if (ratio > worstRatio) { worstRatio = ratio; tolAtWorst = tol; }
        }
        return new SignalComparison(label, name, reference.Length, max, Math.Sqrt(sum / Math.Max(1, reference.Length)), tolAtWorst, worstRatio <= 1);
    }

    private static bool IsCircuitSignal(string name) => name.StartsWith("v(", StringComparison.Ordinal) || name.StartsWith("i(", StringComparison.Ordinal);

    private static SignalComparison Pointwise(string label, string name, double[] ours, double[] reference, double relTol)
    {
        double abs = ComparisonTolerance.Absolute(name);
        double max = 0, sum = 0, tolAtWorst = abs, worstRatio = 0;
        for (int k = 0; k < reference.Length; k++)
        {
            double d = Math.Abs(ours[k] - reference[k]);
            double tol = relTol * Math.Abs(reference[k]) + abs;
            sum += d * d;
            max = Math.Max(max, d);
            if (d / tol > worstRatio) { worstRatio = d / tol; tolAtWorst = tol; }
        }
        return new SignalComparison(label, name, reference.Length, max, Math.Sqrt(sum / reference.Length), tolAtWorst, worstRatio <= 1);
    }

    private static SignalComparison Transient(string label, string name, WaveformTable ours, WaveformTable reference, double relTol)
    {
        var r = reference[name];
        var t = reference.Axis;
        double pkpk = r.Max() - r.Min();
        if (pkpk < 1e-15) pkpk = Math.Abs(r[0]);
        double tol = relTol * pkpk + ComparisonTolerance.Absolute(name);
        var jumps = new List<double>();
        for (int k = 1; k < r.Length; k++)
        {
            if (Math.Abs(r[k] - r[k - 1]) > 0.1 * pkpk && pkpk > 0) jumps.Add(t[k]);
        }
        // Skip 0.5 % of the span around each jump, but at most a quarter of the spacing between separate jumps
        // (edges of one square wave or oscillator), so the flat parts between fast edges are still compared.
        double span = t[^1] - t[0];
        double window = 0.005 * span;
        for (int k = 1; k < jumps.Count; k++)
        {
            double gap = jumps[k] - jumps[k - 1];
            if (gap > 0.0005 * span) window = Math.Min(window, 0.25 * gap);
        }
        double max = 0, sum = 0;
        int n = 0;
        for (int k = 0; k < r.Length; k++)
        {
            if (jumps.Count > 0 && jumps.Any(tj => Math.Abs(t[k] - tj) <= window)) continue;
            double d = Math.Abs(ours.Interpolate(name, t[k]) - r[k]);
            max = Math.Max(max, d);
            sum += d * d;
            n++;
        }
        return new SignalComparison(label, name, n, max, n == 0 ? 0 : Math.Sqrt(sum / n), tol, max <= tol) { Skipped = r.Length - n };
    }
}
