namespace MemristorSpice.Benchmarks.Compare;

/// <summary>Least-squares line through (log x, log y): y ≈ C·x^Slope.</summary>
public readonly record struct LogLogFit(double Slope, double Intercept)
{
    /// <summary>Fits the points with x, y &gt; 0; null when fewer than two distinct x remain.</summary>
    public static LogLogFit? Of(IEnumerable<(double X, double Y)> points)
    {
        var p = points.Where(q => q.X > 0 && q.Y > 0).Select(q => (X: Math.Log10(q.X), Y: Math.Log10(q.Y))).ToList();
        if (p.Select(q => q.X).Distinct().Count() < 2) return null;
        double mx = p.Average(q => q.X), my = p.Average(q => q.Y);
        double sxy = p.Sum(q => (q.X - mx) * (q.Y - my)), sxx = p.Sum(q => (q.X - mx) * (q.X - mx));
        double slope = sxy / sxx;
        return new LogLogFit(slope, my - slope * mx);
    }

    public double At(double x) => Math.Pow(10, Intercept + Slope * Math.Log10(x));
}
