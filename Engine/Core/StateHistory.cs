namespace MemristorSpice.Engine.Core;

/// <summary>
/// State vectors at the current and previous time points (SPICE's CKTstate0..3). Level 0 is being computed,
/// level 1 is the last accepted point, and so on. Accepting a point rotates the levels.
/// </summary>
public sealed class StateHistory
{
    /// <summary>Number of kept levels: order 2 truncation needs q at four points.</summary>
    public const int Levels = 4;
    private readonly double[][] _levels;

    /// <summary>History of size state slots per level, all zero.</summary>
    public StateHistory(int size)
    {
        _levels = new double[Levels][];
        for (int i = 0; i < Levels; i++) _levels[i] = new double[size];
    }

    /// <summary>Level 0: states at the time point being computed.</summary>
    public double[] Current => _levels[0];
    /// <summary>Level 1: states at the last accepted time point.</summary>
    public double[] Previous => _levels[1];
    /// <summary>States at a level: 0 = being computed, 1 = last accepted, up to <see cref="Levels"/> − 1.</summary>
    public double[] this[int level] => _levels[level];

    /// <summary>After acceptance: level k+1 ← level k; level 0 keeps its values as the new start guess.</summary>
    internal void Rotate()
    {
        var last = _levels[Levels - 1];
        for (int i = Levels - 1; i > 0; i--) _levels[i] = _levels[i - 1];
        _levels[0] = last;
        Array.Copy(_levels[1], _levels[0], last.Length);
    }

    /// <summary>Fills every level with level 0 (start of transient).</summary>
    internal void FillFromCurrent()
    {
        for (int i = 1; i < Levels; i++) Array.Copy(_levels[0], _levels[i], _levels[0].Length);
    }

    /// <summary>Level 0 ← level 1 (retry of a rejected point).</summary>
    internal void RestoreCurrent() => Array.Copy(_levels[1], _levels[0], _levels[0].Length);
}
