using System.Globalization;
using System.Text;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Devices.Spice;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Generate;

/// <summary>
/// <c>generate network --layer L --stimulus I</c>: sets up the co-simulation (converter calibration, every tile
/// programmed), records the DAC steps and ADC inputs of layer L for test image I (<see cref="LayerStimulus"/>) and
/// writes the layer's hierarchical netlists from the co-simulation's own circuits, a transient deck that applies
/// the DAC steps with one .meas per ADC sample, and the co-simulation's ADC inputs as CSV.
/// </summary>
internal sealed class GenerateStimulus(IAnsiConsole console)
{
    /// <summary>File name of the stimulus deck of a layer and image.</summary>
    public static string DeckName(string layer, int image) => $"{layer}.image{image}.tran.cir";

    /// <summary>File name of the co-simulation's ADC inputs of a layer and image.</summary>
    public static string AdcName(string layer, int image) => $"{layer}.image{image}.adc.csv";

    public int Run(GenerateNetworkSettings s)
    {
        var st = s.Stimulus!;
        var layer = s.Layer!;
        var test = DataSetOption.LoadTest(st.Dataset);
        if (st.Image >= test.Count)
            throw new CliException($"--stimulus: image {st.Image} does not exist; the {st.Dataset} test split has {test.Count} images (0..{test.Count - 1}).", CliApp.UsageError);
        var calibration = DataSetOption.LoadTrain(st.Dataset);
        ICrossbarBackend backend = st.TranMode ? new TranBackend(st.Circuit, st.Timing) : new CircuitDcBackend(st.Circuit);
        var dc = backend as CircuitDcBackend ?? ((TranBackend)backend).Dc;
        CosimSession session;
        try
        {
            session = new CosimSession(s.Model, RunSettings.FileSha256(s.WeightsPath), st.Circuit, backend, st.TranMode ? "tran" : "dc", calibration, test,
                st.Image + 1, st.TranMode ? st.Timing : null);
        }
        catch (NonIdealitiesException ex) { throw new CliException($"--nonideal {ex.Message}"); }
        var (image, _) = session.Data.Batch(st.Image, 1);
        var tiles = GenerateHandler.Checked(() => LayerStimulus.Record(session.Controller, dc, image, layer, st.First, st.Patches));
        int first = tiles[0].First, patches = tiles[0].Patches;

        var crossbars = tiles.Select(t => t.Crossbar).Distinct().ToList();
        var x0 = crossbars[0];
        var p = NetlistParameters.Of(x0.Options, x0.Mapping.Range, st.Circuit.WireCapacitanceFarads);
        var placed = tiles.Select(t => (Tile: t.Crossbar.PlacedTiles()[t.Tile], Initial: t.Previous, t.RowVolts)).ToList();
        var files = new List<(string Name, string Text)>
        {
            (HierarchicalNetlistWriter.DeviceLibraryFile, DeviceLibrary.Generate()),
            (HierarchicalNetlistWriter.ReadoutLibrary, HierarchicalNetlistWriter.Readout(p, x0.Tiles[0].Device)),
        };
        foreach (var x in crossbars)
        {
            files.AddRange(x.HierarchicalFiles(p));
            files.Add(($"{x.Context.Stem}.manifest.json", CrossbarManifest.Write(x)));
            files.Add((CrossbarManifest.CellsFileName(x), CrossbarManifest.WriteCells(x)));
        }
        string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var header = new List<string>
        {
            $"layer {layer} of {s.Model.Name} ({Path.GetFileName(s.WeightsPath)}), {st.Dataset} test image {st.Image}: the co-simulation's DAC steps of " +
            $"patches {first}..{first + patches - 1} of {session.Network.AnalogStages.First(a => a.Name == layer).Positions}, every tile of the layer",
            $"read slot {N(st.Timing.ReadTimeSeconds)} s per patch (slot k = patch {first}+k), DAC ramp {N(st.Timing.StepSeconds)} s; rows start settled at " +
            (first == 0 ? "0 V (idle DAC)" : $"patch {first - 1}'s volts") + ", as the co-simulation's pulse trains",
            $".meas NAME = stem_outJ_pP: output J of tile stem at the end of slot P, the value the ADC converts; " +
            $"{AdcName(layer, st.Image)} holds the co-simulation's value of each ({(st.TranMode ? "tran" : "dc")} mode)",
            $"design point: {RunSettingsText(st.Circuit)}",
        };
        var deck = HierarchicalNetlistWriter.StimulusDeck($"{layer} layer, test image {st.Image}: transient stimulus of {tiles.Count} tile(s)", header,
            placed, first, patches, st.Timing.ReadTimeSeconds, st.Timing.StepSeconds, p);
        files.Add((NetworkNetlists.LayerDeckName(layer), HierarchicalNetlistWriter.LayerDeck($"{layer} layer: {placed.Count} crossbar tile(s)",
            ["row sources hold a representative input (every a = amax/2, bias at vread); the stimulus deck applies the image's patches"],
            placed.Select(t => t.Tile).ToList(), p)));
        files.Add((DeckName(layer, st.Image), deck));
        files.Add((AdcName(layer, st.Image), AdcCsv(tiles, placed.Select(t => t.Tile).ToList(), st.Timing.ReadTimeSeconds)));
        if (st.TranMode && first % st.Timing.ChunkPatches != 0)
            console.WriteLine($"Note: patch {first} does not start one of the co-simulation's pulse trains ({st.Timing.ChunkPatches} patches each); " +
                              "the deck starts settled at the patch before, so older residues the co-simulation carries are missing.");
        var written = GeneratedFolder.Write(s.OutDir, s.Target, files, libraryCopy: false);

        var table = new Table().AddColumns("layer", "tiles", "patches", ".meas", "ADC full scale (V)");
        string Fs(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
        double fsMin = tiles.Min(t => t.AdcFullScaleVolts), fsMax = tiles.Max(t => t.AdcFullScaleVolts);
        table.AddRow(Terminal.Escape(layer), $"{tiles.Count}", $"{first}..{first + patches - 1}", $"{tiles.Sum(t => t.AdcInputVolts.Length)}",
            fsMin == fsMax ? Fs(fsMin) : $"{Fs(fsMin)} .. {Fs(fsMax)}");
        console.Write(table);
        console.WriteLine(Terminal.Plain($"Wrote {written.Count} files to {s.OutDir}; run: cd {s.OutDir} && ngspice -b {DeckName(layer, st.Image)}"));
        return 0;
    }

    private static string RunSettingsText(NonIdealities c)
    {
        string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        return $"{c.DevicePreset}, Vread {N(c.VreadVolts)} V, Rf {N(c.FeedbackOhms)} Ohm, wires {N(c.WireRowOhms)}/{N(c.WireColumnOhms)} Ohm " +
               $"({N(c.WireCapacitanceFarads)} F), op-amp A0 {(c.OpAmpGain is { } a ? N(a) : "ideal")} GBW {(c.OpAmpGbwHz is { } g ? N(g) + " Hz" : "ideal")}, " +
               $"DAC {c.DacBits} bits, ADC {c.AdcBits} bits";
    }

    /// <summary>measure,tile,output,patch,time_s,cosim_adc_input_v,adc_full_scale_v: one line per .meas of the deck.</summary>
    private static string AdcCsv(IReadOnlyList<TileStimulus> tiles, IReadOnlyList<PlacedTile> placed, double readSeconds)
    {
        var sb = new StringBuilder("measure,tile,output,patch,time_s,cosim_adc_input_v,adc_full_scale_v\n");
        for (int i = 0; i < tiles.Count; i++)
        {
            var t = tiles[i];
            var nodes = placed[i].Layout.OutputNodes;
            for (int k = 0; k < t.Patches; k++)
                for (int j = 0; j < nodes.Count; j++)
                    sb.Append(HierarchicalNetlistWriter.MeasureName(placed[i], nodes[j], t.First + k)).Append(',').Append(placed[i].Stem).Append(',').Append(j).Append(',')
                      .Append(t.First + k).Append(',').Append(((k + 1) * readSeconds).ToString("R", CultureInfo.InvariantCulture)).Append(',')
                      .Append(t.AdcInputVolts[k * nodes.Count + j].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                      .Append(t.AdcFullScaleVolts.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }
}
