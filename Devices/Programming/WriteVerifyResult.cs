namespace MemristorSpice.Devices.Programming;

/// <summary>Outcome of a successful write-verify run.</summary>
/// <param name="TargetOhms">Requested resistance, Ohms.</param>
/// <param name="FinalOhms">Last verified resistance, Ohms.</param>
/// <param name="PulsesUsed">Write pulses applied.</param>
/// <param name="ReadHistoryOhms">Resistance read before the first pulse and after every pulse, Ohms.</param>
public sealed record WriteVerifyResult(double TargetOhms, double FinalOhms, int PulsesUsed, IReadOnlyList<double> ReadHistoryOhms)
{
    /// <summary>(Final − target)/target.</summary>
    public double RelativeError => (FinalOhms - TargetOhms) / TargetOhms;
}

/// <summary>Thrown when write-verify cannot reach its target (pulse limit hit).</summary>
public sealed class ProgrammingException(string message, int pulsesUsed, double lastOhms) : Exception(message)
{
    /// <summary>Pulses applied before giving up.</summary>
    public int PulsesUsed { get; } = pulsesUsed;
    /// <summary>Resistance read after the last pulse, Ω.</summary>
    public double LastOhms { get; } = lastOhms;
}
