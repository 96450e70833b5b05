using CsCheck;
using MemristorSpice.Cosim.Metrics;

namespace MemristorSpice.Cosim.Tests;

public class StatisticsTests
{
    private static List<(float[] X, float[] Y)> Chunks(int seed, int chunks)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, chunks).Select(_ =>
        {
            int n = rng.Next(1, 200);
            var x = new float[n];
            var y = new float[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = (float)(rng.NextDouble() * 20 - 5);
                y[i] = x[i] + (float)(0.1 * (rng.NextDouble() - 0.5));
            }
            return (x, y);
        }).ToList();
    }

    [Fact]
    public void Merged_statistics_equal_one_pass_exactly_for_any_split()
    {
        Gen.Select(Gen.Int[0, 10000], Gen.Int[2, 40], Gen.Int[1, 6]).Sample((seed, count, groups) =>
        {
            var chunks = Chunks(seed, count);
            var single = new ErrorStatistics();
            foreach (var (x, y) in chunks) single.Add(x, y);
            // Split the chunk list into contiguous groups and merge the groups in reverse order.
            var rng = new Random(seed);
            var cuts = Enumerable.Range(0, groups - 1).Select(_ => rng.Next(0, count + 1)).Append(0).Append(count).Distinct().Order().ToList();
            var parts = new List<ErrorStatistics>();
            for (int g = 0; g + 1 < cuts.Count; g++)
            {
                var s = new ErrorStatistics();
                for (int i = cuts[g]; i < cuts[g + 1]; i++) s.Add(chunks[i].X, chunks[i].Y);
                parts.Add(s);
            }
            var merged = new ErrorStatistics();
            foreach (var p in Enumerable.Reverse(parts)) merged.Merge(p);
            Assert.Equal(single.Count, merged.Count);
            Assert.Equal(single.SumX, merged.SumX);
            Assert.Equal(single.SumXY, merged.SumXY);
            Assert.Equal(single.SumErrorSquared, merged.SumErrorSquared);
            Assert.Equal(single.MaxAbsError, merged.MaxAbsError);
            Assert.Equal(single.SnrDb, merged.SnrDb);
            Assert.Equal(single.Correlation, merged.Correlation);
        });
    }

    [Fact]
    public void Metrics_match_a_direct_computation()
    {
        var chunks = Chunks(5, 30);
        var s = new ErrorStatistics();
        foreach (var (x, y) in chunks) s.Add(x, y);
        var xs = chunks.SelectMany(c => c.X).Select(v => (double)v).ToArray();
        var ys = chunks.SelectMany(c => c.Y).Select(v => (double)v).ToArray();
        var es = xs.Zip(ys, (a, b) => b - a).ToArray();
        double rms = Math.Sqrt(es.Sum(e => e * e) / es.Length);
        double snr = 10 * Math.Log10(xs.Sum(v => v * v) / es.Sum(e => e * e));
        double mx = xs.Average(), my = ys.Average();
        double corr = xs.Zip(ys, (a, b) => (a - mx) * (b - my)).Sum()
                      / Math.Sqrt(xs.Sum(a => (a - mx) * (a - mx)) * ys.Sum(b => (b - my) * (b - my)));
        // Tolerances: double summation of a few thousand terms in different orders (≈1e-13 relative); the
        // correlation goes through Σxy − ΣxΣy/n, which loses about log10(n·mean²/var) ≈ 2 digits more.
        Assert.Equal(rms, s.RmsError, 1e-12);
        Assert.Equal(snr, s.SnrDb, 1e-10);
        Assert.Equal(corr, s.Correlation, 1e-9);
        Assert.Equal(es.Max(Math.Abs), s.MaxAbsError);
    }

    [Fact]
    public void Exact_sum_is_order_independent_where_doubles_are_not()
    {
        double[] terms = [1e16, 1.0, -1e16, 1.0];
        var forward = terms.Aggregate(ExactSum.Zero, (s, t) => s.Add(t));
        var backward = terms.Reverse().Aggregate(ExactSum.Zero, (s, t) => s.Add(t));
        Assert.Equal(forward, backward);
        Assert.Equal(2.0, forward.Value);
        Assert.Equal(forward, ExactSum.Parse(forward.ToString()));
    }

    [Fact]
    public void Pair_pass_equals_two_separate_passes_exactly()
    {
        // Independent truth: Add, one statistic at a time. Lengths cover the 8-wide loop and the scalar tail.
        foreach (var (x, y) in Chunks(seed: 12, chunks: 6))
        {
            var other = x.Select((v, i) => v * 0.9f + 0.01f * i).ToArray();
            ErrorStatistics a1 = new(), b1 = new(), a2 = new(), b2 = new();
            a1.Add(x, y);
            b1.Add(other, y);
            ErrorStatistics.AddPair(a2, x, b2, other, y);
            foreach (var (e, g) in new[] { (a1, a2), (b1, b2) })
            {
                Assert.Equal(e.Count, g.Count);
                Assert.Equal((e.SumX, e.SumY, e.SumXX, e.SumYY, e.SumXY, e.SumErrorSquared), (g.SumX, g.SumY, g.SumXX, g.SumYY, g.SumXY, g.SumErrorSquared));
                Assert.Equal(e.MaxAbsError, g.MaxAbsError);
            }
        }
    }
}
