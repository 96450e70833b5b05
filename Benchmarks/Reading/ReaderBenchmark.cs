using System.Diagnostics;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Netlist.Elaboration;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Benchmarks.Reading;

/// <summary>One reader measurement: a generated crossbar deck read and elaborated in process.</summary>
/// <param name="Bytes">Size of the deck file (the device library it includes is not counted).</param>
/// <param name="ReadSeconds">Median wall time of <see cref="NetlistReader.Read"/> (lines, tokens, parameters, flattening).</param>
/// <param name="ElaborateSeconds">Median wall time of <see cref="Elaborator.Elaborate"/> (engine elements, compiled B-sources).</param>
/// <param name="CpuSeconds">Median process CPU time (all threads, the GC's included) of reading plus elaboration.</param>
public sealed record ReaderMeasurement(int Rows, int Outputs, long Bytes, int Elements, double ReadSeconds, double ElaborateSeconds, double CpuSeconds)
{
    /// <summary>Bytes allocated on the managed heap by reading (last run), and by elaboration.</summary>
    public (long Read, long Elaborate) AllocatedBytes { get; init; }

    /// <summary>Deck megabytes (10^6 bytes) per second of reading plus elaboration.</summary>
    public double MegabytesPerSecond => Bytes / 1e6 / (ReadSeconds + ElaborateSeconds);

    /// <summary>Deck megabytes per CPU second: on a shared machine, less sensitive to waiting for a core.</summary>
    public double MegabytesPerCpuSecond => Bytes / 1e6 / CpuSeconds;
}

/// <summary>
/// Reader throughput on the deck `memspice generate crossbar --flat` writes for a rows × outputs weight matrix: 1 Ω row
/// and column wire segments, the device library's VTEAM memristor subcircuit per cell (six elements each after
/// flattening, three of them B-sources), ideal TIAs and difference stages, `.op`.
/// </summary>
public static class ReaderBenchmark
{
    /// <summary>Writes the deck of a rows × outputs crossbar (seeded weights in [−1, 1]) to <paramref name="path"/>.</summary>
    public static void WriteDeck(string path, int rows, int outputs, string deviceLibrary)
    {
        var rng = new Random(11);
        var values = new float[rows * outputs];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(2 * rng.NextDouble() - 1);
        var options = new CrossbarOptions
        {
            DeviceLibraryInclude = Path.GetFullPath(deviceLibrary),
            MaxTileRows = Math.Max(rows, CrossbarMappingRules.MaxRows),
            NonIdealities = new CrossbarNonIdealities { RowWireOhms = 1, ColumnWireOhms = 1 },
        };
        var tile = new CrossbarGenerator(options).Generate(new CrossbarMatrix(rows, outputs, values, null), CrossbarContext.ForMatrix($"xbar{rows}")).Tiles[0];
        File.WriteAllText(path, CrossbarNetlistWriter.Write(tile));
    }

    /// <summary>Reads and elaborates <paramref name="path"/> <paramref name="repeats"/> times (after one warm-up on <paramref name="warmPath"/>).</summary>
    /// <param name="sampler">When given, counts allocations during the measured runs only.</param>
    public static ReaderMeasurement Measure(string path, int rows, int outputs, int repeats, string? warmPath = null, AllocationSampler? sampler = null)
    {
        if (warmPath is not null) new Elaborator().Elaborate(NetlistReader.ReadFile(warmPath).Circuit);
        var read = new List<double>();
        var elaborate = new List<double>();
        var cpu = new List<double>();
        var process = Process.GetCurrentProcess();
        double Cpu() { process.Refresh(); return process.TotalProcessorTime.TotalSeconds; }
        int elements = 0;
        (long Read, long Elaborate) allocated = default;
        for (int r = 0; r < repeats; r++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            double cpu0 = Cpu();
            if (sampler is not null) sampler.Enabled = true;
            long bytes0 = GC.GetTotalAllocatedBytes(precise: true);
            var sw = Stopwatch.StartNew();
            var result = NetlistReader.ReadFile(path);
            read.Add(sw.Elapsed.TotalSeconds);
            long bytes1 = GC.GetTotalAllocatedBytes(precise: true);
            sw.Restart();
            new Elaborator().Elaborate(result.Circuit);
            elaborate.Add(sw.Elapsed.TotalSeconds);
            allocated = (bytes1 - bytes0, GC.GetTotalAllocatedBytes(precise: true) - bytes1);
            cpu.Add(Cpu() - cpu0);
            if (sampler is not null) sampler.Enabled = false;
            elements = result.Circuit.Elements.Count;
        }
        return new ReaderMeasurement(rows, outputs, new FileInfo(path).Length, elements, Median(read), Median(elaborate), Median(cpu)) { AllocatedBytes = allocated };
    }

    private static double Median(List<double> values)
    {
        var v = values.Order().ToList();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }
}
