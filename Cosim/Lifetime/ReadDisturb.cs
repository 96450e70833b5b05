using MemristorSpice.Cosim.Backends;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.Data;

namespace MemristorSpice.Cosim.Lifetime;

/// <summary>One accepted step of the multi-rate integration.</summary>
/// <param name="Inferences">Inferences done at the end of the step.</param>
/// <param name="StepInferences">Length of the step, inferences.</param>
/// <param name="ErrorEstimate">Local error estimate of the step, max over cells of |ΔN/2·(D(x1) − D(x0))| (state units).</param>
public readonly record struct DisturbStep(double Inferences, double StepInferences, double ErrorEstimate);

/// <summary>
/// Read disturb computed from the circuit: every read applies each cell's actual voltage (row node minus column node
/// of the tile circuit, so after IR drop on the wires and the op-amps' virtual ground) for the read pulse width, and
/// the device model's state equation moves the cell by dx = f(x, v)·t_read (VTEAM/TEAM: zero below threshold; linear
/// drift: on every read). The disturb per inference D(x) is the mean over the disturb images of the sum of dx over
/// all reads (patches) of one image, per cell, at the current states x. Over many inferences the states follow
/// dx/dN = D(x), integrated in large steps (<see cref="Integrate"/>).
/// </summary>
public sealed class ReadDisturb
{
    private readonly LifetimeStudy _study;
    private readonly Tensor _images;
    private readonly IReadOnlyList<Tensor> _ideal;

    /// <summary>Disturb of a study's array for reads of <paramref name="readSeconds"/> over the first <paramref name="images"/> images of <paramref name="disturbImages"/>.</summary>
    public ReadDisturb(LifetimeStudy study, Dataset disturbImages, int images, double readSeconds)
    {
        if (!(readSeconds > 0)) throw new ArgumentOutOfRangeException(nameof(readSeconds), "read pulse width must be > 0 s");
        if (images < 1) throw new ArgumentOutOfRangeException(nameof(images), "at least one disturb image");
        _study = study;
        ReadSeconds = readSeconds;
        Images = Math.Min(images, disturbImages.Count);
        (_images, _) = disturbImages.Batch(0, Images);
        _ideal = study.Network.ForwardAll(_images);
    }

    /// <summary>Read pulse width, seconds (the design point's read time).</summary>
    public double ReadSeconds { get; }
    /// <summary>Images the disturb per inference is averaged over.</summary>
    public int Images { get; }
    /// <summary>Evaluations of D(x) so far (each one tile solve per patch of every disturb image).</summary>
    public int Evaluations { get; private set; }

    /// <summary>D(x): mean state change per inference of every cell, at states <paramref name="states"/>.</summary>
    public CellMap PerInference(CellMap states)
    {
        Evaluations++;
        var rate = new CellMap();
        foreach (var (k, v) in states.Values) rate.Values[k] = new double[v.GetLength(0), v.GetLength(1)];
        var jobs = _study.Programmed.Plans.SelectMany(p => p.Readers.SelectMany((tiles, c) => tiles.Select(r => (Plan: p, Crossbar: c, r.Tile)))).ToList();
        Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _study.Threads) }, job =>
        {
            var layout = _study.Fresh.Layout(job.Tile);
            var model = layout.Device.Model;
            var x = states.Values[(job.Tile.StageIndex, job.Tile.Crossbar)];
            var circuit = CrossbarCircuitBuilder.Build(layout, CellElementKind.ReadResistor,
                cell => 1 / model.Resistance(x[cell.LogicalRow, CellMap.Column(cell)]));
            var solver = new LinearCircuitSolver(circuit, layout.RowSourceNames);
            int Index(string node) => node == "0" ? 0 : solver.SignalIndex($"v({node})");
            var cells = layout.Cells;
            var rowIndex = cells.Select(c => Index(c.RowNode)).ToArray();
            var columnIndex = cells.Select(c => Index(c.ColumnNode)).ToArray();
            var input = _study.Network.StageInput(job.Plan.StageIndex, _images, _ideal);
            var volts = LifetimeStudy.RowVolts(job.Plan, input, job.Crossbar, job.Tile);
            int rows = job.Tile.Rows, patches = volts.Length / rows;
            var solution = new double[solver.SolutionLength];
            var work = new double[solver.SolutionLength];
            var dx = new double[cells.Count];
            for (int p = 0; p < patches; p++)
            {
                solver.Solve(volts.AsSpan(p * rows, rows), solution, work);
                for (int i = 0; i < cells.Count; i++)
                {
                    var cell = cells[i];
                    double v = solution[rowIndex[i]] - solution[columnIndex[i]];
                    dx[i] += model.Rate(x[cell.LogicalRow, CellMap.Column(cell)], v).Rate * ReadSeconds;
                }
            }
            var target = rate.Values[(job.Tile.StageIndex, job.Tile.Crossbar)];
            // Tiles of one crossbar hold disjoint rows, so no two jobs write the same entry.
            for (int i = 0; i < cells.Count; i++) target[cells[i].LogicalRow, CellMap.Column(cells[i])] = dx[i] / Images;
        });
        return rate;
    }

    /// <summary>
    /// Follows the states over <paramref name="checkpoints"/> (ascending inference counts) with Heun's method in steps
    /// of many inferences: x1 = x + ΔN·D(x), x_next = x + ΔN/2·(D(x) + D(x1)), the per-inference disturb recomputed on
    /// the circuit at the new states each step. The step is accepted when the local error estimate
    /// ΔN/2·max|D(x1) − D(x)| (the difference between the Euler and Heun results) is at most <paramref name="tolerance"/>
    /// (state units), else halved; the next step grows by the usual factor 0.9·√(tol/err), at most ×4. The first step
    /// moves no cell by more than <paramref name="tolerance"/>. When D is zero everywhere (a threshold device read below
    /// threshold) one step reaches the checkpoint. States stay in [0, 1].
    /// </summary>
    /// <param name="initial">States at N = 0.</param>
    /// <param name="checkpoints">Inference counts to stop at, ascending, ≥ 1.</param>
    /// <param name="tolerance">Largest accepted local error per step, state units.</param>
    /// <param name="atCheckpoint">Called with (checkpoint, states) at every checkpoint.</param>
    /// <returns>The accepted steps.</returns>
    public IReadOnlyList<DisturbStep> Integrate(CellMap initial, IReadOnlyList<double> checkpoints, double tolerance, Action<double, CellMap> atCheckpoint)
    {
        if (!(tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), "tolerance must be > 0");
        var steps = new List<DisturbStep>();
        var x = initial.Clone();
        double n = 0;
        var d0 = PerInference(x);
        double maxRate = MaxAbs(d0);
        double step = maxRate > 0 ? Math.Max(1, Math.Floor(tolerance / maxRate)) : double.PositiveInfinity;
        foreach (var checkpoint in checkpoints)
        {
            if (checkpoint < n) throw new ArgumentException("checkpoints must be ascending");
            while (n < checkpoint)
            {
                double h = Math.Min(step, checkpoint - n);
                if (MaxAbs(d0) == 0)
                {
                    steps.Add(new DisturbStep(checkpoint, checkpoint - n, 0));
                    n = checkpoint;
                    break;
                }
                var x1 = Advance(x, d0, h);
                var d1 = PerInference(x1);
                double err = h / 2 * MaxDifferenceOf(d0, d1);
                if (err > tolerance && h > 1)
                {
                    step = Math.Max(1, Math.Floor(h / 2));
                    continue;
                }
                x = AdvanceHeun(x, d0, d1, h);
                n += h;
                steps.Add(new DisturbStep(n, h, err));
                d0 = PerInference(x);
                double grow = err > 0 ? Math.Clamp(0.9 * Math.Sqrt(tolerance / err), 0.2, 4) : 4;
                step = Math.Max(1, Math.Floor(h * grow));
            }
            atCheckpoint(checkpoint, x);
        }
        return steps;
    }

    /// <summary>Step-by-step reference: x ← x + D(x) once per inference, D recomputed on the circuit every inference.</summary>
    public CellMap StepByStep(CellMap initial, int inferences)
    {
        var x = initial.Clone();
        for (int i = 0; i < inferences; i++) x = Advance(x, PerInference(x), 1);
        return x;
    }

    private static CellMap Advance(CellMap x, CellMap d, double h)
    {
        var next = x.Clone();
        foreach (var (k, v) in next.Values)
        {
            var dv = d.Values[k];
            for (int r = 0; r < v.GetLength(0); r++)
                for (int c = 0; c < v.GetLength(1); c++) v[r, c] = Math.Clamp(v[r, c] + h * dv[r, c], 0, 1);
        }
        return next;
    }

    private static CellMap AdvanceHeun(CellMap x, CellMap d0, CellMap d1, double h)
    {
        var next = x.Clone();
        foreach (var (k, v) in next.Values)
        {
            var a = d0.Values[k];
            var b = d1.Values[k];
            for (int r = 0; r < v.GetLength(0); r++)
                for (int c = 0; c < v.GetLength(1); c++) v[r, c] = Math.Clamp(v[r, c] + h / 2 * (a[r, c] + b[r, c]), 0, 1);
        }
        return next;
    }

    private static double MaxAbs(CellMap m) => m.Values.Values.Max(v => v.Cast<double>().Select(Math.Abs).DefaultIfEmpty(0).Max());

    private static double MaxDifferenceOf(CellMap a, CellMap b) => CellMap.MaxDifference(a, b);
}
