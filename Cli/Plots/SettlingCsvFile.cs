using System.Globalization;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Reports;

namespace MemristorSpice.Cli.Plots;

/// <summary>settling.csv: the data of settling.png, one row per layer and time step within the probe slot.</summary>
internal static class SettlingCsvFile
{
    public static void Write(string path, IReadOnlyList<SettlingCurve> curves, TranOptions tran)
    {
        AtomicFile.Write(path, temp =>
        {
            using var writer = new StreamWriter(temp);
            using var csv = new CsvHelper.CsvWriter(writer, CultureInfo.InvariantCulture);
            foreach (var h in new[] { "layer", "step", "time_in_slot_s", "time_over_read_time", "max_error_weight_volts", "max_error_lsb",
                         "probe_patches", "probe_tiles", "time_to_half_lsb_s", "read_time_s" }) csv.WriteField(h);
            csv.NextRecord();
            foreach (var c in curves)
                foreach (var p in c.Points)
                {
                    csv.WriteField(c.Layer); csv.WriteField(p.Step);
                    csv.WriteField(R(p.TimeSeconds)); csv.WriteField(R(p.TimeSeconds / tran.ReadTimeFor(c.Layer)));
                    csv.WriteField(R(p.MaxErrorWeightVolts)); csv.WriteField(R(p.MaxErrorLsb));
                    csv.WriteField(c.Patches); csv.WriteField(c.Tiles);
                    csv.WriteField(c.HalfLsbSeconds is { } t ? R(t) : "");
                    csv.WriteField(R(tran.ReadTimeFor(c.Layer)));
                    csv.NextRecord();
                }
        });
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
