using MemristorSpice.Devices.Memristors;

namespace MemristorSpice.Cosim.Lifetime;

/// <summary>Accuracy of the array at one time since the start of operation.</summary>
/// <param name="TimeSeconds">Time since the array was first programmed, seconds.</param>
/// <param name="AgeSeconds">Time since the last (re)programming: t, or t mod T with a refresh period T, seconds.</param>
/// <param name="EquivalentSeconds">The age at the drift model's reference temperature (Arrhenius), seconds.</param>
/// <param name="Aged">Accuracy without and with the global drift compensation.</param>
/// <param name="MeanRelativeChange">Mean of G(t)/G0 − 1 over all cells.</param>
public sealed record RetentionPoint(double TimeSeconds, double AgeSeconds, double EquivalentSeconds, AgedAccuracy Aged, double MeanRelativeChange);

/// <summary>Accuracy and conductance change at one checkpoint of the read-disturb integration.</summary>
/// <param name="Inferences">Inferences done.</param>
/// <param name="Aged">Accuracy without and with the global drift compensation.</param>
/// <param name="Siemens">Read conductance of every cell at the checkpoint.</param>
/// <param name="Layers">Per analog layer: name, mean |ΔG/G0| and max |ΔG/G0| over its cells.</param>
public sealed record DisturbPoint(double Inferences, AgedAccuracy Aged, CellMap Siemens, IReadOnlyList<(string Layer, double MeanAbsRelative, double MaxAbsRelative)> Layers);

/// <summary>The retention (time since programming) and read-disturb (number of inferences) analyses of a <see cref="LifetimeStudy"/>.</summary>
public static class LifetimeAnalyses
{
    /// <summary>Smallest read conductance a relaxed cell keeps, Siemens (a log-time law can reach 0; the resistor must stay finite).</summary>
    public const double FloorSiemens = 1e-15;

    // Seed offsets of a cell's programming-noise and read-noise draws (independent of its drift draw).
    private const int ProgramSeed = 0x3C6EF372, ReadSeed = 0x1B873593;

    /// <summary>Conductance of every cell <paramref name="equivalentSeconds"/> after programming, each cell with its own seeded draw.</summary>
    public static CellMap Drifted(CellMap programmed, RetentionDrift drift, double equivalentSeconds, int seed)
    {
        var result = new CellMap();
        foreach (var ((stage, crossbar), g0) in programmed.Values)
        {
            var g = new double[g0.GetLength(0), g0.GetLength(1)];
            for (int r = 0; r < g.GetLength(0); r++)
                for (int c = 0; c < g.GetLength(1); c++)
                {
                    if (g0[r, c] == 0) continue; // no cell there (a digital bias row)
                    double z = drift.Law == DriftLaw.None ? 0 : CellNormal.Draw(seed, stage, crossbar, r, c);
                    // A device preset with programming and read noise draws two more normals per cell, from other seeds.
                    g[r, c] = Math.Max(drift.Cell is null
                        ? drift.Conductance(g0[r, c], equivalentSeconds, z)
                        : drift.Conductance(g0[r, c], equivalentSeconds, z,
                            CellNormal.Draw(seed ^ ProgramSeed, stage, crossbar, r, c), CellNormal.Draw(seed ^ ReadSeed, stage, crossbar, r, c)), FloorSiemens);
                }
            result.Values[(stage, crossbar)] = g;
        }
        return result;
    }

    /// <summary>Accuracy vs time: at each time t the array has age t (or t mod <paramref name="refreshSeconds"/>: re-programmed every T).</summary>
    public static IReadOnlyList<RetentionPoint> Retention(LifetimeStudy study, RetentionDrift drift, IReadOnlyList<double> timesSeconds,
        double? refreshSeconds, double kelvin, int seed, Action<RetentionPoint>? progress = null)
    {
        var points = new List<RetentionPoint>();
        foreach (var t in timesSeconds)
        {
            double age = refreshSeconds is { } period ? t % period : t;
            double equivalent = drift.EquivalentSeconds(age, kelvin);
            var map = Drifted(study.ProgrammedSiemens, drift, equivalent, seed);
            var point = new RetentionPoint(t, age, equivalent, study.Evaluate(map), MeanRelative(study.ProgrammedSiemens, map));
            points.Add(point);
            progress?.Invoke(point);
        }
        return points;
    }

    /// <summary>
    /// Accuracy and conductance change vs number of inferences under read disturb, integrated with
    /// <see cref="ReadDisturb.Integrate"/> from the programmed states.
    /// </summary>
    public static (IReadOnlyList<DisturbPoint> Points, IReadOnlyList<DisturbStep> Steps) Disturb(LifetimeStudy study, ReadDisturb disturb,
        IReadOnlyList<double> checkpoints, double tolerance, Action<DisturbPoint>? progress = null)
    {
        var points = new List<DisturbPoint>();
        var steps = disturb.Integrate(study.ProgrammedStates, checkpoints, tolerance, (n, states) =>
        {
            var g = SiemensOf(study, states);
            var point = new DisturbPoint(n, study.Evaluate(g), g, LayerChanges(study, g));
            points.Add(point);
            progress?.Invoke(point);
        });
        return (points, steps);
    }

    /// <summary>Read conductance 1/R(x) of every cell at states <paramref name="states"/>.</summary>
    public static CellMap SiemensOf(LifetimeStudy study, CellMap states)
    {
        var model = study.Fresh.Layout(study.Programmed.Plans[0].Readers[0][0].Tile).Device.Model;
        var result = new CellMap();
        foreach (var (k, x) in states.Values)
        {
            var g = new double[x.GetLength(0), x.GetLength(1)];
            for (int r = 0; r < g.GetLength(0); r++)
                for (int c = 0; c < g.GetLength(1); c++)
                    g[r, c] = study.ProgrammedSiemens.Values[k][r, c] == 0 ? 0 : 1 / model.Resistance(x[r, c]);
            result.Values[k] = g;
        }
        return result;
    }

    /// <summary>Per analog layer the mean and max |G/G0 − 1| over its cells.</summary>
    public static IReadOnlyList<(string Layer, double MeanAbsRelative, double MaxAbsRelative)> LayerChanges(LifetimeStudy study, CellMap siemens) =>
        study.Programmed.Plans.Select(p =>
        {
            double sum = 0, max = 0;
            long count = 0;
            foreach (var (key, g) in siemens.Values.Where(kv => kv.Key.Stage == p.StageIndex))
            {
                var g0 = study.ProgrammedSiemens.Values[key];
                for (int r = 0; r < g.GetLength(0); r++)
                    for (int c = 0; c < g.GetLength(1); c++)
                    {
                        if (g0[r, c] == 0) continue; // no cell there (a digital bias row)
                        double rel = Math.Abs(g[r, c] / g0[r, c] - 1);
                        sum += rel; max = Math.Max(max, rel); count++;
                    }
            }
            return (p.Stage.Name, count > 0 ? sum / count : 0, max);
        }).ToList();

    private static double MeanRelative(CellMap g0, CellMap g)
    {
        double sum = 0;
        long count = 0;
        foreach (var (k, a) in g0.Values)
        {
            var b = g.Values[k];
            for (int r = 0; r < a.GetLength(0); r++)
                for (int c = 0; c < a.GetLength(1); c++)
                    if (a[r, c] > 0) { sum += b[r, c] / a[r, c] - 1; count++; }
        }
        return count > 0 ? sum / count : 0;
    }
}
