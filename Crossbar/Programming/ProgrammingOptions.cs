using MemristorSpice.Engine.Components;

namespace MemristorSpice.Crossbar.Programming;

/// <summary>How the unselected lines are biased while one cell is written (Chen, "A review of emerging non-volatile
/// memory (NVM) technologies and applications", Solid-State Electronics 125, 2016, and the V/2, V/3 schemes of
/// passive crossbar memories).</summary>
public enum BiasScheme
{
    /// <summary>V/2: unselected rows and columns at the mid voltage; half-selected cells see V/2, unselected cells 0.</summary>
    HalfVoltage,
    /// <summary>V/3: unselected rows at V/3 from the selected row, unselected columns at V/3 from the selected column;
    /// every unselected cell sees ±V/3.</summary>
    ThirdVoltage,
}

/// <summary>Cell of the programmed array.</summary>
public enum CellKind
{
    /// <summary>0T1R: the memristor alone between row and column (passive array, sneak paths).</summary>
    Passive,
    /// <summary>1T1R: an NMOS access transistor (gate on the row's word line, source on the row line) in series with
    /// the memristor, as netlists/reference/cell_1t1r.cir.</summary>
    OneTransistor,
}

/// <summary>How each bias of the array is solved.</summary>
public enum ArraySolver
{
    /// <summary>The array's own structure: 0T1R as one band Cholesky factorization reused through low-rank
    /// (Sherman-Morrison-Woodbury) updates for the cells that changed, 1T1R reduced to the selected row (the other rows'
    /// transistors are off). Same circuit, same equations; see <see cref="PassiveArraySolver"/> and <see cref="SelectedRowSolver"/>.</summary>
    Reduced,
    /// <summary>The general circuit engine's DC operating point of the whole netlist (every node, every transistor).</summary>
    Engine,
}

/// <summary>
/// Write-verify with incremental step pulse programming (ISPP) through the array: while the verify read misses the
/// target, apply a pulse toward it whose amplitude grows by <see cref="StepVolts"/> per consecutive pulse of the same
/// polarity from <see cref="StartVolts"/> up to <see cref="MaxVolts"/>; when the polarity reverses (overshoot) the
/// amplitude restarts at <see cref="StartVolts"/> and the width is multiplied by <see cref="WidthShrink"/>.
/// All voltages are the magnitude applied between the selected row and column lines, Volts.
/// </summary>
public sealed record ProgrammingOptions
{
    /// <summary>V/2 or V/3 biasing of the unselected lines.</summary>
    public BiasScheme Scheme { get; init; } = BiasScheme.HalfVoltage;
    /// <summary>0T1R or 1T1R cells.</summary>
    public CellKind Cell { get; init; } = CellKind.Passive;
    /// <summary>First ISPP amplitude, Volts (the VTEAM_XBAR SET threshold is 1.0 V, RESET 0.8 V).</summary>
    public double StartVolts { get; init; } = 1.1;
    /// <summary>Amplitude increment per consecutive pulse of one polarity, Volts.</summary>
    public double StepVolts { get; init; } = 0.2;
    /// <summary>Largest amplitude, Volts.</summary>
    public double MaxVolts { get; init; } = 2.4;
    /// <summary>Width of the first pulses, Seconds.</summary>
    public double PulseSeconds { get; init; } = 1e-6;
    /// <summary>Width factor applied at each polarity reversal (0 &lt; f ≤ 1).</summary>
    public double WidthShrink { get; init; } = 0.3;
    /// <summary>Verify read voltage on the selected row (columns held at the TIA virtual ground), Volts.</summary>
    public double ReadVolts { get; init; } = 0.2;
    /// <summary>Verify read duration, Seconds.</summary>
    public double ReadSeconds { get; init; } = 100e-9;
    /// <summary>Accept when |G − G_target| ≤ tolerance·(Gmax − Gmin) (fraction of the conductance window).</summary>
    public double Tolerance { get; init; } = 0.01;
    /// <summary>Write pulses per cell before giving up (the cell keeps its last state and is reported as not converged).</summary>
    public int MaxPulses { get; init; } = 100;
    /// <summary>Resistance of a row-wire segment between neighbouring cells (and from the driver to the first cell), Ohms.</summary>
    public double RowWireOhms { get; init; } = 1.0;
    /// <summary>Resistance of a column-wire segment (and from the last cell to the column driver/TIA), Ohms.</summary>
    public double ColumnWireOhms { get; init; } = 1.0;
    /// <summary>1T1R: selected word-line voltage for SET pulses (sets the SET current compliance), Volts.</summary>
    public double SetGateVolts { get; init; } = 1.8;
    /// <summary>1T1R: selected word-line voltage for RESET pulses and reads, Volts.</summary>
    public double ResetGateVolts { get; init; } = 3.3;
    /// <summary>Largest relative resistance change |ΔR|/R of any cell in one quasi-static sub-step; a larger one halves the sub-step.</summary>
    public double MaxResistanceStep { get; init; } = 0.25;
    /// <summary>Largest change of a moving cell's voltage across one quasi-static sub-step, Volts; a larger one halves the sub-step.</summary>
    public double MaxVoltageStep { get; init; } = 0.002;
    /// <summary>How each bias is solved (the reduced solvers by default; the engine as the reference).</summary>
    public ArraySolver Solver { get; init; } = ArraySolver.Reduced;
    /// <summary>Access transistor model: level 1 as netlists/reference/cell_1t1r.cir (vto 0.6 V, kp 120 µA/V², γ 0.4 √V,
    /// φ 0.7 V, λ 0.05 1/V).</summary>
    public static MosfetModel AccessTransistor { get; } = new()
    {
        Name = "nch", Polarity = MosfetPolarity.Nmos, Vto = 0.6, Kp = 120e-6, Gamma = 0.4, Phi = 0.7, Lambda = 0.05,
    };
    /// <summary>Access transistor geometry as netlists/reference/cell_1t1r.cir: L 0.5 µm, W 1 µm.</summary>
    public static MosfetGeometry AccessGeometry { get; } = new() { L = 0.5e-6, W = 1e-6 };

    /// <summary>Returns these options or throws <see cref="ArgumentException"/> naming the first bad value.</summary>
    public ProgrammingOptions Validate()
    {
        static void Positive(double v, string what) { if (!(v > 0 && double.IsFinite(v))) throw new ArgumentException($"{what} must be > 0, got {v}."); }
        Positive(StartVolts, "ISPP start amplitude (V)");
        if (!(StepVolts >= 0 && double.IsFinite(StepVolts))) throw new ArgumentException($"ISPP step (V) must be >= 0, got {StepVolts}.");
        if (!(MaxVolts >= StartVolts && double.IsFinite(MaxVolts))) throw new ArgumentException($"ISPP maximum amplitude {MaxVolts} V must be >= the start {StartVolts} V.");
        Positive(PulseSeconds, "pulse width (s)");
        if (!(WidthShrink > 0 && WidthShrink <= 1)) throw new ArgumentException($"width shrink must be in (0, 1], got {WidthShrink}.");
        Positive(ReadVolts, "read voltage (V)");
        Positive(ReadSeconds, "read duration (s)");
        if (!(Tolerance > 0 && Tolerance < 1)) throw new ArgumentException($"tolerance must be in (0, 1), got {Tolerance}.");
        if (MaxPulses < 1) throw new ArgumentException($"pulse limit must be >= 1, got {MaxPulses}.");
        if (!(RowWireOhms >= 0 && ColumnWireOhms >= 0 && double.IsFinite(RowWireOhms + ColumnWireOhms)))
            throw new ArgumentException($"wire resistances must be >= 0 Ohms, got {RowWireOhms} and {ColumnWireOhms}.");
        Positive(SetGateVolts, "SET word-line voltage (V)");
        Positive(ResetGateVolts, "RESET word-line voltage (V)");
        if (!(MaxResistanceStep > 0 && MaxResistanceStep <= 0.5)) throw new ArgumentException($"resistance step must be in (0, 0.5], got {MaxResistanceStep}.");
        if (!(MaxVoltageStep > 0 && MaxVoltageStep <= 1)) throw new ArgumentException($"voltage step must be in (0, 1] V, got {MaxVoltageStep}.");
        return this;
    }
}

/// <summary>
/// Line voltages of one write (closed form). The selected row line is at a = max(v, 0) and the selected column line at
/// b = max(−v, 0), so the selected cell sees a − b = v (the signed device voltage, positive = row above column).
/// V/2: unselected rows a − v/2, unselected columns b + v/2 → half-selected cells v/2, unselected cells 0.
/// V/3: unselected rows a − 2v/3, unselected columns b + 2v/3 → half-selected cells v/3, unselected cells −v/3.
/// Every line stays in [0, |v|], so one positive supply serves both polarities.
/// </summary>
public static class BiasVoltages
{
    /// <summary>(selected row, selected column, unselected row, unselected column) line voltages for device voltage <paramref name="volts"/>.</summary>
    public static (double SelectedRow, double SelectedColumn, double OtherRows, double OtherColumns) Lines(BiasScheme scheme, double volts)
    {
        double a = Math.Max(volts, 0), b = Math.Max(-volts, 0);
        double f = scheme == BiasScheme.HalfVoltage ? 0.5 : 2.0 / 3.0;
        return (a, b, a - f * volts, b + f * volts);
    }

    /// <summary>Voltage across a half-selected cell (same row or column as the selected cell) with ideal lines, Volts.</summary>
    public static double HalfSelected(BiasScheme scheme, double volts) => scheme == BiasScheme.HalfVoltage ? volts / 2 : volts / 3;

    /// <summary>Voltage across an unselected cell (other row and other column) with ideal lines, Volts.</summary>
    public static double Unselected(BiasScheme scheme, double volts) => scheme == BiasScheme.HalfVoltage ? 0 : -volts / 3;
}
