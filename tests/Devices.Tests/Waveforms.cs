namespace MemristorSpice.Devices.Tests;

/// <summary>Small helpers over sampled waveforms.</summary>
internal static class Waveforms
{
    /// <summary>Linear interpolation of y at time t.</summary>
    public static double At(double[] time, double[] y, double t)
    {
        var k = Array.BinarySearch(time, t);
        if (k >= 0) return y[k];
        k = ~k;
        if (k <= 0) return y[0];
        if (k >= time.Length) return y[^1];
        var a = (t - time[k - 1]) / (time[k] - time[k - 1]);
        return y[k - 1] + a * (y[k] - y[k - 1]);
    }

    /// <summary>First time y crosses the level (linear interpolation); NaN when it never does.</summary>
    public static double Crossing(double[] time, double[] y, double level)
    {
        for (var k = 1; k < time.Length; k++)
        {
            if ((y[k - 1] - level) * (y[k] - level) <= 0 && y[k] != y[k - 1])
                return time[k - 1] + (level - y[k - 1]) / (y[k] - y[k - 1]) * (time[k] - time[k - 1]);
        }
        return double.NaN;
    }
}
