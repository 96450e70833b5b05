namespace MemristorSpice.Crossbar.Mapping;

/// <summary>Manufacturing fault of a cell.</summary>
public enum CellFault
{
    /// <summary>Programmed as mapped.</summary>
    None,
    /// <summary>Stuck at the lowest conductance Gmin.</summary>
    StuckAtMin,
    /// <summary>Stuck at the highest conductance Gmax.</summary>
    StuckAtMax,
}

/// <summary>What one memristor of the crossbar is programmed to.</summary>
/// <param name="TargetSiemens">Exact differential-mapping target, Siemens.</param>
/// <param name="LevelSiemens">Target after snapping to the conductance levels (equal to the target without levels), Siemens.</param>
/// <param name="ProgrammedSiemens">The conductance the device really has (levels, variation, faults applied), Siemens.</param>
/// <param name="VariationFactor">exp(sigma·z) of this cell (1 without variation).</param>
/// <param name="Fault">Stuck-at fault, if any.</param>
public readonly record struct CellConductance(double TargetSiemens, double LevelSiemens, double ProgrammedSiemens, double VariationFactor, CellFault Fault)
{
    /// <summary>Programmed resistance 1/G, Ohms.</summary>
    public double ProgrammedOhms => 1.0 / ProgrammedSiemens;
}
