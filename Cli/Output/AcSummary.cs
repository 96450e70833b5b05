using MemristorSpice.Engine.Results;

namespace MemristorSpice.Cli.Output;

/// <summary>
/// What a designer reads off a Bode plot, per signal of an AC table: the magnitude at the first frequency (the
/// low-frequency gain when the sweep starts in the passband), the peak and where it is, the −3 dB frequency
/// (first frequency above the peak where the magnitude is 3 dB below the first point's, interpolated in log f;
/// null if the sweep ends before) and the phase there.
/// </summary>
internal sealed record AcSummary(string Signal, double FirstDecibels, double PeakDecibels, double PeakHertz, double? CornerHertz, double? CornerDegrees)
{
    public static AcSummary Of(WaveformTable table, string signal)
    {
        var db = table[AcColumns.Decibels(signal)];
        var deg = table[AcColumns.Degrees(signal)];
        var f = table.Axis;
        int peak = 0;
        for (int k = 1; k < db.Length; k++) if (db[k] > db[peak]) peak = k;
        double target = db[0] - 3.0103; // half power, 20·log10(1/√2)
        for (int k = Math.Max(1, peak + 1); k < db.Length; k++)
        {
            if (db[k] > target || db[k - 1] < target) continue;
            double t = (db[k - 1] - target) / (db[k - 1] - db[k]);
            double logF = Math.Log10(f[k - 1]) + t * (Math.Log10(f[k]) - Math.Log10(f[k - 1]));
            double phase = deg[k - 1] + t * (deg[k] - deg[k - 1]);
            return new AcSummary(signal, db[0], db[peak], f[peak], Math.Pow(10, logF), phase);
        }
        return new AcSummary(signal, db[0], db[peak], f[peak], null, null);
    }
}
