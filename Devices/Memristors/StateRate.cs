namespace MemristorSpice.Devices.Memristors;

/// <summary>
/// dx/dt of a memristor state and its analytic partial derivatives.
/// </summary>
/// <param name="Rate">dx/dt in 1/Seconds (x is normalized to [0, 1]).</param>
/// <param name="DRateDx">∂(dx/dt)/∂x in 1/Seconds.</param>
/// <param name="DRateDv">∂(dx/dt)/∂v in 1/(Volt·Second), v being the voltage across the device (pos − neg).</param>
public readonly record struct StateRate(double Rate, double DRateDx, double DRateDv);
