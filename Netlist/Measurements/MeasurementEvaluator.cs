using System.Numerics;
using MemristorSpice.Netlist.Simulation;

namespace MemristorSpice.Netlist.Measurements;

/// <summary>
/// Evaluates a <see cref="Measurement"/> on the result of one analysis, with ngspice 39's semantics (its
/// com_measure2 routines, read for behaviour): crossings and AT values are interpolated linearly in the axis (time,
/// sweep value, or frequency on a linear scale even for a decade sweep); a crossing is counted when a sample reaches
/// the level from the other side (<c>&gt;=</c> going up, <c>&lt;=</c> going down); AVG, MIN, MAX and PP use the samples
/// inside FROM..TO without interpolating the window ends (TO=0 means no end); RMS and INTEG interpolate both ends and
/// integrate with Simpson's 3/8 and 1/3 rules where consecutive steps are equal and the trapezoidal rule elsewhere.
/// For AC, v(x) and vr(x) are the real part, vi(x) the imaginary part, vm(x) the magnitude, vdb(x) 20·log10 of it
/// and vp(x) the phase in radians. DERIV (which ngspice 39 does not evaluate) is the slope of the quadratic through
/// the three samples nearest the point.
/// </summary>
public static class MeasurementEvaluator
{
    /// <summary>The value of <paramref name="measurement"/> on <paramref name="result"/>, or the reason there is none.</summary>
    public static MeasurementResult Evaluate(AnalysisResult result, Measurement measurement)
    {
        string kind = measurement.AnalysisKind;
        if (result.Kind != kind)
            return Failed(measurement, $"it reads a {kind} analysis, not {result.Kind}");
        try
        {
            var data = new Data(result, kind);
            double value = Compute(data, measurement);
            return double.IsFinite(value)
                ? new MeasurementResult(measurement.Name, kind, value, null) { Definition = measurement }
                : Failed(measurement, "out of interval");
        }
        catch (MeasureFailure ex)
        {
            return Failed(measurement, ex.Message);
        }
    }

    private static MeasurementResult Failed(Measurement m, string why) => new(m.Name, m.AnalysisKind, null, why) { Definition = m };

    private sealed class MeasureFailure(string message) : Exception(message);

    private static double Compute(Data d, Measurement m)
    {
        switch (m.Function)
        {
            case MeasureFunction.TrigTarg:
                double trig = m.Trigger is null ? m.At!.Value : Crossing(d, m.Trigger);
                if (double.IsNaN(trig)) throw new MeasureFailure("TRIG out of interval");
                double targ = Crossing(d, m.Target!);
                if (double.IsNaN(targ)) throw new MeasureFailure("TARG out of interval");
                return targ - trig;
            case MeasureFunction.When:
                return Crossing(d, m.When!);
            case MeasureFunction.Find:
            case MeasureFunction.Derivative:
                double at = m.When is null ? m.At!.Value : Crossing(d, m.When);
                if (double.IsNaN(at)) throw new MeasureFailure("WHEN out of interval");
                return m.Function == MeasureFunction.Find ? ValueAt(d, d.Values(m.Signal!), at) : SlopeAt(d, d.Values(m.Signal!), at);
            case MeasureFunction.Rms:
            case MeasureFunction.Integral:
                return RmsOrIntegral(d, m, m.Function == MeasureFunction.Rms);
            case MeasureFunction.PeakToPeak:
                return Extremum(d, m, max: true).Value - Extremum(d, m, max: false).Value;
            case MeasureFunction.Minimum:
                return Extremum(d, m, max: false).Value;
            case MeasureFunction.Maximum:
                return Extremum(d, m, max: true).Value;
            case MeasureFunction.MinimumAt:
                return Extremum(d, m, max: false).At;
            case MeasureFunction.MaximumAt:
                return Extremum(d, m, max: true).At;
            case MeasureFunction.Average:
                return Average(d, m);
            default:
                throw new MeasureFailure($"function {m.Function} is not evaluated");
        }
    }

    /// <summary>The axis and the signals of one analysis as real vectors, as ngspice's measure reads them.</summary>
    private sealed class Data(AnalysisResult result, string kind)
    {
        public bool IsDc { get; } = kind == "dc";
        public bool IsAc { get; } = kind == "ac";
        public bool IsTran { get; } = kind == "tran";
        public double[] Axis { get; } = result.Ac?.Frequencies ?? result.Table.Axis;

        public double[] Values(string signal)
        {
            int open = signal.IndexOf('(');
            if (open < 0) return BareVector(signal);
            if (!IsAc)
            {
                if (!result.Table.Contains(signal)) throw new MeasureFailure($"no such vector as {signal}");
                return result.Table[signal];
            }
            string prefix = signal[..open];
            string vector = signal[0] + signal[open..];
            if (result.Ac is { } ac && ac.Contains(vector))
            {
                Complex[] c = ac[vector];
                return prefix switch
                {
                    "vm" => c.Select(z => z.Magnitude).ToArray(),
                    "vdb" => c.Select(z => 20 * Math.Log10(z.Magnitude)).ToArray(),
                    "vp" => c.Select(z => z.Phase).ToArray(),
                    "vi" => c.Select(z => z.Imaginary).ToArray(),
                    _ => c.Select(z => z.Real).ToArray(),
                };
            }
            // A table without phasors (dB and degree columns only) still answers vdb and vp.
            var table = result.Table;
            if (prefix == "vdb" && table.Contains(Engine.Results.AcColumns.Decibels(vector))) return table[Engine.Results.AcColumns.Decibels(vector)];
            if (prefix == "vp" && table.Contains(Engine.Results.AcColumns.Degrees(vector)))
                return table[Engine.Results.AcColumns.Degrees(vector)].Select(deg => deg * Math.PI / 180).ToArray();
            throw new MeasureFailure($"no such vector as {signal}");
        }

        /// <summary>A vector named without v(): a column of that name (a let vector), else the node's voltage (real part in ac).</summary>
        private double[] BareVector(string name)
        {
            if (result.Table.Contains(name)) return result.Table[name];
            if (IsAc) return result.Ac is { } ac && ac.Contains($"v({name})") ? ac[$"v({name})"].Select(z => z.Real).ToArray() : throw new MeasureFailure($"no such vector as {name}");
            return result.Table.Contains($"v({name})") ? result.Table[$"v({name})"] : throw new MeasureFailure($"no such vector as {name}");
        }
    }

    /// <summary>
    /// The axis value of a crossing. The first sample at or after TD sets the side; from the next sample on, a sample
    /// at or beyond the level on the other side counts a rise or a fall (and a cross). Without RISE/FALL/CROSS the
    /// first crossing is taken, with LAST the last one. Between two samples the crossing is interpolated linearly; with
    /// a second signal, where the two straight lines meet. A DC sweep that returns to its start (the outer loop of a
    /// nested sweep) starts over. NaN when there is no such crossing.
    /// </summary>
    private static double Crossing(Data d, MeasureCrossing c)
    {
        double[] a = d.Values(c.Signal);
        double[]? b = c.OtherSignal is null ? null : d.Values(c.OtherSignal);
        double level = c.Level ?? 0;
        double[] s = d.Axis;
        int rises = 0, falls = 0, crosses = 0, seen = 0;
        bool above = false, pending = false, found = false;
        double measured = double.NaN, prev = 0, prevOther = 0, prevAxis = 0, delay = c.Delay;
        bool last = c.Rise == MeasureCrossing.Last || c.Fall == MeasureCrossing.Last || c.Cross == MeasureCrossing.Last;
        bool firstOnly = c.Rise == MeasureCrossing.NotGiven && c.Fall == MeasureCrossing.NotGiven && c.Cross == MeasureCrossing.NotGiven;
        for (int i = 0; i < a.Length; i++)
        {
            double v = a[i], x = s[i], other = b is null ? level : b[i];
            if (d.IsDc && i == 0) delay = x; // ngspice keeps the sweep start here: TD has no meaning for DC
            if (d.IsTran && x < delay) continue;
            if (d.IsAc && x < 0) continue;
            if (seen > 1 && d.IsDc && x == delay) seen = 1;
            if (seen == 1)
            {
                crosses = 0;
                above = v >= other;
                // A start exactly on the level after a sample below it counts as the first rise.
                if (above && prev <= other) { rises = 1; crosses = 1; }
            }
            else if (seen > 1)
            {
                if (!above && v >= other)
                {
                    above = true; crosses++; rises++;
                    if (c.Fall != MeasureCrossing.Last) pending = true;
                }
                else if (above && v <= other)
                {
                    above = false; crosses++; falls++;
                    if (c.Rise != MeasureCrossing.Last) pending = true;
                }
                double at = b is null
                    ? prevAxis + (level - prev) * (x - prevAxis) / (v - prev)
                    : prevAxis + (prevOther - prev) * (x - prevAxis) / (v - prev - other + prevOther);
                if (crosses == c.Cross || rises == c.Rise || falls == c.Fall) return at;
                if (pending)
                {
                    if (firstOnly) return at;
                    if (last) { measured = at; found = true; }
                    pending = false;
                }
            }
            seen++;
            prev = v;
            prevOther = other;
            prevAxis = x;
        }
        return found ? measured : double.NaN;
    }

    /// <summary>Linear interpolation at <paramref name="at"/> in the first interval holding it (either direction for DC); NaN outside.</summary>
    private static double ValueAt(Data d, double[] v, double at)
    {
        int k = Interval(d, at);
        if (k < 0) return double.NaN;
        double[] s = d.Axis;
        return s[k] == s[k - 1] ? v[k] : v[k - 1] + (at - s[k - 1]) * (v[k] - v[k - 1]) / (s[k] - s[k - 1]);
    }

    /// <summary>Index k of the first interval [k-1, k] holding <paramref name="at"/>; -1 when none does.</summary>
    private static int Interval(Data d, double at)
    {
        double[] s = d.Axis;
        for (int k = 1; k < s.Length; k++)
        {
            if (s[k - 1] <= at && s[k] >= at) return k;
            if (d.IsDc && s[k - 1] >= at && s[k] <= at) return k;
        }
        return -1;
    }

    /// <summary>Derivative at <paramref name="at"/> of the quadratic through the interval's two samples and the nearer neighbour.</summary>
    private static double SlopeAt(Data d, double[] v, double at)
    {
        int k = Interval(d, at);
        if (k < 0) return double.NaN;
        double[] s = d.Axis;
        if (s.Length < 3) return (v[k] - v[k - 1]) / (s[k] - s[k - 1]);
        int first = k + 1 < s.Length && (k - 2 < 0 || Math.Abs(s[k + 1] - at) < Math.Abs(at - s[k - 2])) ? k - 1 : k - 2;
        double x0 = s[first], x1 = s[first + 1], x2 = s[first + 2];
        double y0 = v[first], y1 = v[first + 1], y2 = v[first + 2];
        if (x0 == x1 || x1 == x2 || x0 == x2) return (v[k] - v[k - 1]) / (s[k] - s[k - 1]);
        // Derivative of the Lagrange quadratic through the three points.
        return y0 * (2 * at - x1 - x2) / ((x0 - x1) * (x0 - x2))
             + y1 * (2 * at - x0 - x2) / ((x1 - x0) * (x1 - x2))
             + y2 * (2 * at - x0 - x1) / ((x2 - x0) * (x2 - x1));
    }

    /// <summary>FROM/TO as ngspice defaults them: DC from -1e99 to 1e99 (ordered), otherwise from 0 with TO=0 meaning no end.</summary>
    private static (double From, double To) Window(Data d, Measurement m)
    {
        if (!d.IsDc) return (m.From ?? 0, m.To ?? 0);
        double from = m.From ?? -1e99, to = m.To ?? 1e99;
        return from <= to ? (from, to) : (to, from);
    }

    /// <summary>Samples of the window, in order: DC keeps those inside [from, to]; others start at from and stop after to (unless to is 0).</summary>
    private static IEnumerable<int> WindowSamples(Data d, double from, double to)
    {
        double[] s = d.Axis;
        for (int i = 0; i < s.Length; i++)
        {
            if (d.IsDc)
            {
                if (s[i] < from || s[i] > to) continue;
            }
            else
            {
                if (s[i] < from) continue;
                if (to != 0 && s[i] > to) yield break;
            }
            yield return i;
        }
    }

    /// <summary>Largest (smallest) sample in the window and where; ties go to the later sample. An empty window gives 0 at 0, as in ngspice.</summary>
    private static (double Value, double At) Extremum(Data d, Measurement m, bool max)
    {
        double[] v = d.Values(m.Signal!);
        var (from, to) = Window(d, m);
        double best = 0, at = 0;
        bool any = false;
        foreach (int i in WindowSamples(d, from, to))
        {
            if (!any || (max ? v[i] >= best : v[i] <= best)) { best = v[i]; at = d.Axis[i]; }
            any = true;
        }
        return (best, at);
    }

    /// <summary>Trapezoidal mean over the window's samples (no interpolation at the ends); 0 for an empty window, NaN for one sample.</summary>
    private static double Average(Data d, Measurement m)
    {
        double[] v = d.Values(m.Signal!);
        var (from, to) = Window(d, m);
        double area = 0, span = 0, prev = 0, prevX = 0;
        bool any = false;
        foreach (int i in WindowSamples(d, from, to))
        {
            double x = d.Axis[i];
            if (any)
            {
                area += 0.5 * (v[i] + prev) * (x - prevX);
                span += x - prevX;
            }
            any = true;
            prev = v[i];
            prevX = x;
        }
        return any ? area / span : 0;
    }

    /// <summary>
    /// INTEG (or RMS, of the square, divided by the window and rooted) with both window ends interpolated (the start
    /// only when FROM is given and not the first sample), summed with Simpson's 3/8 rule over three equal steps,
    /// Simpson's 1/3 rule over two equal steps and the trapezoidal rule otherwise.
    /// </summary>
    private static double RmsOrIntegral(Data d, Measurement m, bool rms)
    {
        double[] v = d.Values(m.Signal!);
        double[] s = d.Axis;
        double from = d.IsDc ? m.From ?? -1e99 : m.From ?? 0;
        double to = d.IsDc ? m.To ?? 1e99 : m.To ?? 0;
        var x = new List<double>();
        var y = new List<double>();
        double start = double.NaN, end = double.NaN;
        for (int i = 0; i < v.Length; i++)
        {
            double value = v[i], xi = s[i];
            if (xi < from) continue;
            if (to != 0 && xi > to)
            {
                if (!AlmostEqual(xi, to) && i > 0)
                {
                    value = v[i - 1] + (to - s[i - 1]) * (v[i] - v[i - 1]) / (s[i] - s[i - 1]);
                    xi = to;
                }
                x.Add(xi);
                y.Add(rms ? value * value : value);
                end = xi;
                break;
            }
            if (x.Count == 0)
            {
                if (from != 0 && i > 0 && !AlmostEqual(xi, from))
                {
                    value = v[i - 1] + (from - s[i - 1]) * (v[i] - v[i - 1]) / (s[i] - s[i - 1]);
                    xi = from;
                }
                start = xi;
            }
            x.Add(xi);
            y.Add(rms ? value * value : value);
        }
        if (x.Count == 0) return double.NaN;
        if (double.IsNaN(end)) end = s[^1];
        double sum = 0;
        int n = x.Count;
        double W(int k) => k < n - 1 ? x[k + 1] - x[k] : 0;
        int j = 0;
        while (j < n - 1)
        {
            if (AlmostEqual(W(j), W(j + 1)) && AlmostEqual(W(j), W(j + 2)) && j + 3 < n)
            {
                sum += 3 * W(j) * (y[j] + 3 * (y[j + 1] + y[j + 2]) + y[j + 3]) / 8;
                j += 3;
            }
            else if (AlmostEqual(W(j), W(j + 1)) && j + 2 < n)
            {
                sum += W(j) * (y[j] + 4 * y[j + 1] + y[j + 2]) / 3;
                j += 2;
            }
            else
            {
                sum += W(j) * (y[j] + y[j + 1]) / 2;
                j++;
            }
        }
        return rms ? Math.Sqrt(sum / (end - start)) : sum;
    }

    /// <summary>Equal within 100 units in the last place (the test ngspice uses for equal steps and window ends).</summary>
    private static bool AlmostEqual(double a, double b)
    {
        if (a == b) return true;
        long ia = BitConverter.DoubleToInt64Bits(a), ib = BitConverter.DoubleToInt64Bits(b);
        if (ia < 0) ia = long.MinValue - ia;
        if (ib < 0) ib = long.MinValue - ib;
        return Math.Abs((decimal)ia - ib) <= 100;
    }
}
