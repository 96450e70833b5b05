namespace MemristorSpice.Crossbar.Programming;

/// <summary>One write pulse of a cell's pulse train and the verify read after it.</summary>
/// <param name="Index">Pulse number, 1-based.</param>
/// <param name="DeviceVolts">Signed voltage between the selected row and column lines (negative = SET for VTEAM), Volts.</param>
/// <param name="Seconds">Pulse width, Seconds.</param>
/// <param name="ReadSiemens">Verify read current over the read voltage (what the TIA sees), Siemens.</param>
/// <param name="DeviceSiemens">Device conductance 1/R(x) after the pulse, Siemens.</param>
public sealed record PulseStep(int Index, double DeviceVolts, double Seconds, double ReadSiemens, double DeviceSiemens);

/// <summary>Write-verify outcome of one cell.</summary>
/// <param name="Row">Row in the array.</param>
/// <param name="Column">Column in the array.</param>
/// <param name="TargetSiemens">Target device conductance, Siemens.</param>
/// <param name="VerifiedSiemens">Device conductance when its write-verify ended, Siemens.</param>
/// <param name="Pulses">Write pulses applied.</param>
/// <param name="Converged">True when the last verify read was inside the tolerance.</param>
/// <param name="Seconds">Programming time: write pulse widths plus verify read durations, Seconds.</param>
/// <param name="Joules">Energy delivered by all line drivers during the cell's pulses and reads (sneak and half-select currents included), Joules.</param>
/// <param name="DisturbedNeighbours">Other cells whose state moved by more than <see cref="ArrayProgrammer.DisturbThreshold"/> while this cell was programmed.</param>
/// <param name="MaxNeighbourShift">Largest |ΔG| of another cell while this cell was programmed, as a fraction of Gmax − Gmin.</param>
/// <param name="Train">Every pulse with its verify read; the first entry (index 0) is the read before any pulse.</param>
public sealed record CellProgramming(int Row, int Column, double TargetSiemens, double VerifiedSiemens, int Pulses, bool Converged,
    double Seconds, double Joules, int DisturbedNeighbours, double MaxNeighbourShift, IReadOnlyList<PulseStep> Train)
{
    /// <summary>Device conductance after the whole array was programmed (later cells' pulses disturb it), Siemens.</summary>
    public double FinalSiemens { get; set; } = VerifiedSiemens;
}

/// <summary>
/// Programs an array cell by cell (row-major) with write-verify ISPP (<see cref="ProgrammingOptions"/>): every pulse
/// and every verify read is a bias of the whole array solved by <see cref="ProgrammingArray.Hold"/>, so half-selected
/// cells are disturbed by the voltages they really see and sneak currents cost energy. The verify window is the read
/// current an isolated cell would give at G_target ± tolerance·(Gmax − Gmin) (for 1T1R it includes the access transistor).
/// </summary>
public sealed class ArrayProgrammer(ProgrammingArray array, ProgrammingOptions options, double spanSiemens)
{
    /// <summary>State change (normalized x) above which a neighbour counts as disturbed.</summary>
    public const double DisturbThreshold = 1e-6;

    /// <summary>The array being programmed.</summary>
    public ProgrammingArray Array { get; } = array;

    /// <summary>Write-verify of one cell to <paramref name="targetSiemens"/>.</summary>
    public CellProgramming Program(int row, int column, double targetSiemens)
    {
        var o = options;
        var model = Array.Model;
        double gLow = 1.0 / model.MaxResistanceOhms, gHigh = 1.0 / model.MinResistanceOhms;
        double window = o.Tolerance * spanSiemens;
        double iLow = ProgrammingArray.IsolatedReadAmperes(model, o, Math.Max(targetSiemens - window, gLow * 1e-3));
        double iHigh = ProgrammingArray.IsolatedReadAmperes(model, o, Math.Min(targetSiemens + window, gHigh * 10));
        Array.MarkStates(); // the cells this write-verify moves, with their states before it
        double seconds = 0, joules = 0;
        var train = new List<PulseStep>();
        double Read()
        {
            var (e, amperes) = Array.Hold(Array.ReadBias(row, column), o.ReadSeconds);
            joules += e;
            seconds += o.ReadSeconds;
            return amperes;
        }
        var current = Read();
        train.Add(new PulseStep(0, 0, 0, current / o.ReadVolts, Array.Conductance(row, column)));
        int pulses = 0, lastDirection = 0, sameDirection = 0;
        double width = o.PulseSeconds;
        bool converged;
        while (!(converged = current >= iLow && current <= iHigh) && pulses < o.MaxPulses)
        {
            int direction = current < iLow ? +1 : -1; // +1: raise G (SET)
            if (direction != lastDirection)
            {
                if (lastDirection != 0) width *= o.WidthShrink;
                sameDirection = 0;
                lastDirection = direction;
            }
            double amplitude = Math.Min(o.StartVolts + sameDirection * o.StepVolts, o.MaxVolts);
            sameDirection++;
            double volts = direction * model.SetPolarity * amplitude;
            var (e, _) = Array.Hold(Array.WriteBias(row, column, volts), width);
            joules += e;
            seconds += width;
            pulses++;
            current = Read();
            train.Add(new PulseStep(pulses, volts, width, current / o.ReadVolts, Array.Conductance(row, column)));
        }
        int disturbed = 0;
        double shift = 0;
        foreach (var (r, c, before) in Array.Touched)
        {
            if (r == row && c == column) continue;
            if (Math.Abs(Array.States[r, c] - before) > DisturbThreshold) disturbed++;
            double dg = Math.Abs(1.0 / model.Resistance(Array.States[r, c]) - 1.0 / model.Resistance(before));
            shift = Math.Max(shift, dg / spanSiemens);
        }
        return new CellProgramming(row, column, targetSiemens, Array.Conductance(row, column), pulses, converged, seconds, joules, disturbed, shift, train);
    }

    /// <summary>
    /// Programs the cells whose target is a number (NaN = leave alone), row-major, at most <paramref name="maxCells"/>
    /// of them, then records every programmed cell's final conductance (after the disturbance of the cells after it).
    /// </summary>
    public IReadOnlyList<CellProgramming> ProgramAll(double[,] targets, int maxCells = int.MaxValue, Action<int>? progress = null)
    {
        var done = new List<CellProgramming>();
        for (int r = 0; r < Array.Rows && done.Count < maxCells; r++)
            for (int c = 0; c < Array.Columns && done.Count < maxCells; c++)
            {
                if (double.IsNaN(targets[r, c])) continue;
                done.Add(Program(r, c, targets[r, c]));
                progress?.Invoke(done.Count);
            }
        foreach (var cell in done) cell.FinalSiemens = Array.Conductance(cell.Row, cell.Column);
        return done;
    }
}
