using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Results;

/// <summary>
/// Stores the output of a transient up to a point limit. Columns grow in chunks, so memory per point is 8 bytes per
/// signal plus the time, with no doubling slack and no copy while growing; the final table is built once. A chunk row
/// (one chunk per column) is about 1 MB, so a wide circuit gets short chunks.
/// </summary>
internal sealed class TransientRecorder(IReadOnlyList<Unknown> outputs, long limit, double startTime, double stopTime)
{
    private readonly int _chunkSize = Math.Clamp((1 << 17) / (outputs.Count + 1), 16, 4096);
    private readonly List<double[]>[] _columns = outputs.Select(_ => new List<double[]>()).ToArray();
    private readonly List<double[]> _time = new();
    private int _count;

    /// <summary>Most points this recorder stores.</summary>
    public long Limit { get; } = limit;

    /// <summary>Adds the point at time t (s) if t ≥ the output start; throws at the point limit.</summary>
    public void Record(double t, double[] solution)
    {
        if (t < startTime) return;
        if (_count >= Limit)
            throw new ResourceLimitException("Transient", "stored output points", Limit, "--max-points (SimulationOptions.MaxPoints)",
                $"at t = {t:G6} s of tstop {stopTime:G6} s ({outputs.Count} signals)");
        int slot = _count % _chunkSize;
        if (slot == 0)
        {
            _time.Add(new double[_chunkSize]);
            foreach (var c in _columns) c.Add(new double[_chunkSize]);
        }
        _time[^1][slot] = t;
        for (int k = 0; k < outputs.Count; k++) _columns[k][^1][slot] = solution[outputs[k].Index];
        _count++;
    }

    public WaveformTable ToTable()
    {
        var signals = outputs.Select((u, k) => new KeyValuePair<string, double[]>(u.Name, Flatten(_columns[k])));
        return new WaveformTable("time", Flatten(_time), signals.ToList());
    }

    private double[] Flatten(List<double[]> chunks)
    {
        var all = new double[_count];
        for (int c = 0; c < chunks.Count; c++)
        {
            int n = Math.Min(_chunkSize, _count - c * _chunkSize);
            Array.Copy(chunks[c], 0, all, c * _chunkSize, n);
            chunks[c] = []; // release as we go: the peak is the recorded data plus one column
        }
        return all;
    }
}
