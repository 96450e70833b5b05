namespace MemristorSpice.Crossbar.Mapping;

/// <summary>The conductance window [Gmin, Gmax] of the differential mapping, Siemens.</summary>
/// <param name="MinSiemens">Gmin: the conductance of a zero weight (both devices of a pair at rest), Siemens.</param>
/// <param name="MaxSiemens">Gmax: the conductance of a full-scale weight, Siemens.</param>
public sealed record ConductanceRange(double MinSiemens, double MaxSiemens)
{
    /// <summary>The whole programmable range of a device: [1/Roff, 1/Ron].</summary>
    public static ConductanceRange Of(CrossbarDevice device) => new(device.MinConductanceSiemens, device.MaxConductanceSiemens);

    /// <summary>Gmax − Gmin, Siemens.</summary>
    public double SpanSiemens => MaxSiemens - MinSiemens;

    /// <summary>Throws when the window is empty or outside what the device can be programmed to.</summary>
    public ConductanceRange ValidateFor(CrossbarDevice device)
    {
        if (!(MinSiemens > 0 && MaxSiemens > MinSiemens && double.IsFinite(MaxSiemens)))
            throw new ArgumentException($"conductance window needs 0 < Gmin < Gmax, got Gmin {MinSiemens} S, Gmax {MaxSiemens} S.");
        // A relative slack of 1e-12 lets 1/(1/G) round-off pass.
        if (MinSiemens < device.MinConductanceSiemens * (1 - 1e-12) || MaxSiemens > device.MaxConductanceSiemens * (1 + 1e-12))
            throw new ArgumentException(
                $"conductance window [{MinSiemens}, {MaxSiemens}] S is outside what {device.PresetName} can be programmed to " +
                $"([1/Roff, 1/Ron] = [{device.MinConductanceSiemens}, {device.MaxConductanceSiemens}] S).");
        return this;
    }
}
