namespace MemristorSpice.Devices.Memristors;

/// <summary>Window functions f(x) that shape the state speed near the bounds of x ∈ [0, 1].</summary>
public enum WindowKind
{
    /// <summary>f = 1 (the plain linear ion drift of Strukov et al., Nature 2008).</summary>
    None,

    /// <summary>f = 1 − (2x − 1)^(2p) (Joglekar and Wolf, Eur. J. Phys. 30, 2009).</summary>
    Joglekar,

    /// <summary>f = 1 − (x − stp(−i))^(2p) (Biolek, Biolek and Biolková, Radioengineering 18(2), 2009).</summary>
    Biolek,

    /// <summary>f = j·(1 − ((x − 0.5)² + 0.75)^p) (Prodromakis et al., IEEE TED 58(9), 2011).</summary>
    Prodromakis,
}
