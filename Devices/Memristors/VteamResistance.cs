namespace MemristorSpice.Devices.Memristors;

/// <summary>How VTEAM's resistance depends on the normalized state x = (w − w_on)/(w_off − w_on).</summary>
public enum VteamResistance
{
    /// <summary>R = Ron + (Roff − Ron)·x (Kvatinsky et al. 2015, linear).</summary>
    Linear,

    /// <summary>R = Ron·exp(λ·x), λ = ln(Roff/Ron) (Kvatinsky et al. 2015, exponential).</summary>
    Exponential,
}
