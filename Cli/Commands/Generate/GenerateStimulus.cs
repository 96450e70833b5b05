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
/// the DAC steps with one .meas per ADC sample, and the co-simulation's ADC inputs as CSV. With
/// <c>--whole-network</c> it does so for every analog layer and writes one deck with a window of read slots per
/// layer (<see cref="HierarchicalNetlistWriter.NetworkStimulusDeck"/>).
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
        var test = DataSetOption.LoadTest(st.Dataset);
        if (st.Image >= test.Count)
            throw new CliException($"--stimulus: image {st.Image} does not exist; the {st.Dataset} test split has {test.Count} images (0..{test.Count - 1}).", CliApp.UsageError);
        var calibration = DataSetOption.LoadTrain(st.Dataset);
        CosimSession session;
        ICrossbarBackend backend;
        var timing = st.Timing;
        try
        {
            // The settling read time (design default): each layer's window runs at its measured settling, as cosim's tran reads do.
            if (timing.NeedsSettling)
            {
                timing = SettlingReadTime.Resolve(s.Model, st.Circuit, timing, calibration, Environment.ProcessorCount).Tran;
                console.WriteLine(Terminal.Plain($"read time source: {SettlingReadTime.Source}: " +
                    string.Join(", ", timing.LayerReadTimeSeconds!.Select(l => $"{l.Key} {l.Value * 1e6:G4} µs"))));
            }
            backend = st.TranMode ? new TranBackend(st.Circuit, timing) : new CircuitDcBackend(st.Circuit);
            session = new CosimSession(s.Model, RunSettings.FileSha256(s.WeightsPath), st.Circuit, backend, st.TranMode ? "tran" : "dc", calibration, test,
                st.Image + 1, st.TranMode ? timing : null);
        }
        catch (NonIdealitiesException ex) { throw new CliException($"--nonideal {ex.Message}"); }
        st = st with { Timing = timing };
        var dc = backend as CircuitDcBackend ?? ((TranBackend)backend).Dc;
        var (image, _) = session.Data.Batch(st.Image, 1);
        List<string> layers = st.WholeNetwork ? session.Controller.Plans.Select(p => p.Stage.Name).ToList() : [s.Layer!];
        var recorded = layers.Select(l => (Layer: l, Tiles: GenerateHandler.Checked(() => LayerStimulus.Record(session.Controller, dc, image, l, st.First, st.Patches))))
            .ToList();
        var all = recorded.SelectMany(r => r.Tiles).ToList();
        var crossbars = all.Select(t => t.Crossbar).Distinct().ToList();
        var x0 = crossbars[0];
        var p = NetlistParameters.Of(x0.Options, x0.Mapping.Range, st.Circuit.WireCapacitanceFarads);
        var dialect = s.Generator.Dialect;
        var files = new List<(string Name, string Text)>
        {
            (HierarchicalNetlistWriter.DeviceLibraryFile, GenerateHandler.Checked(() => DeviceLibrary.Generate(dialect))),
            (HierarchicalNetlistWriter.ReadoutLibrary, HierarchicalNetlistWriter.Readout(p, x0.Tiles[0].Device, dialect)),
        };
        foreach (var x in crossbars)
        {
            files.AddRange(x.HierarchicalFiles(p, dialect));
            files.Add(($"{x.Context.Stem}.manifest.json", CrossbarManifest.Write(x)));
            files.Add((CrossbarManifest.CellsFileName(x), CrossbarManifest.WriteCells(x)));
        }
        string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var windows = new List<StimulusWindow>();
        int slot = 0;
        foreach (var (layer, tiles) in recorded)
        {
            var placed = tiles.Select(t => (Tile: t.Crossbar.PlacedTiles()[t.Tile], Initial: t.Previous, t.RowVolts)).ToList();
            var layerTiming = st.Timing.ForLayer(layer);
            windows.Add(new StimulusWindow(layer, placed, tiles[0].First, tiles[0].Patches, slot)
            {
                ReadSeconds = layerTiming.ReadTimeSeconds, StepSeconds = layerTiming.StepSeconds,
            });
            slot += tiles[0].Patches;
            files.Add((NetworkNetlists.LayerDeckName(layer), HierarchicalNetlistWriter.LayerDeck($"{layer} layer: {placed.Count} crossbar tile(s)",
                ["row sources hold a representative input (every a = amax/2, bias at vread); the stimulus deck applies the image's patches"],
                placed.Select(t => t.Tile).ToList(), p, dialect)));
        }
        string stem = st.WholeNetwork ? NetworkStem : s.Layer!;
        var header = new List<string>
        {
            st.WholeNetwork
                ? $"every analog layer of {s.Model.Name} ({Path.GetFileName(s.WeightsPath)}), {st.Dataset} test image {st.Image}: the co-simulation's DAC steps, " +
                  "one window of read slots per layer in network order; a layer's inputs are the digital controller's outputs of the layers before it " +
                  "(ADC, correction, ReLU, pooling), so its rows hold their initial level until its window starts"
                : $"layer {s.Layer} of {s.Model.Name} ({Path.GetFileName(s.WeightsPath)}), {st.Dataset} test image {st.Image}: the co-simulation's DAC steps of " +
                  $"patches {windows[0].FirstPatch}..{windows[0].FirstPatch + windows[0].Patches - 1} of " +
                  $"{session.Network.AnalogStages.First(a => a.Name == s.Layer).Positions}, every tile of the layer",
            (st.Timing.LayerReadTimeSeconds is { } perLayer
                ? "read slot per layer from its measured settling (" + string.Join(", ", perLayer.Select(l => $"{l.Key} {N(l.Value)} s")) +
                  $"), DAC ramp 1/{st.Timing.StepsPerSlot} of the slot"
                : $"read slot {N(st.Timing.ReadTimeSeconds)} s per patch, DAC ramp {N(st.Timing.StepSeconds)} s") +
            " (slot k = patch first+k of the window); rows start settled at " +
            (st.First == 0 ? "0 V (idle DAC)" : $"patch {st.First - 1}'s volts") + ", as the co-simulation's pulse trains",
            $".meas NAME = stem_outJ_pP: output J of tile stem at the end of slot P, the value the ADC converts; " +
            $"{AdcName(stem, st.Image)} holds the co-simulation's value of each ({(st.TranMode ? "tran" : "dc")} mode)",
            $"design point: {RunSettingsText(st.Circuit)}",
        };
        string title = st.WholeNetwork
            ? $"{s.Model.Name}, test image {st.Image}: transient stimulus of {all.Count} tile(s) in {windows.Count} layer windows"
            : $"{s.Layer} layer, test image {st.Image}: transient stimulus of {all.Count} tile(s)";
        var deck = HierarchicalNetlistWriter.NetworkStimulusDeck(title, header, windows, st.Timing.ReadTimeSeconds, st.Timing.StepSeconds, p, dialect);
        files.Add((DeckName(stem, st.Image), deck));
        files.Add((AdcName(stem, st.Image), AdcCsv(windows.Zip(recorded, (w, r) => (w, r.Tiles)).ToList(),
            HierarchicalNetlistWriter.WindowStarts(windows, st.Timing.ReadTimeSeconds))));
        if (st.TranMode && st.First % st.Timing.ChunkPatches != 0)
            console.WriteLine($"Note: patch {st.First} does not start one of the co-simulation's pulse trains ({st.Timing.ChunkPatches} patches each); " +
                              "the deck starts settled at the patch before, so older residues the co-simulation carries are missing.");
        var written = GeneratedFolder.Write(s.OutDir, s.Target, files, libraryCopy: false);

        var table = new Table().AddColumns("layer", "tiles", "patches", "slots", ".meas", "ADC full scale (V)");
        string Fs(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
        foreach (var (w, (layer, tiles)) in windows.Zip(recorded))
        {
            double fsMin = tiles.Min(t => t.AdcFullScaleVolts), fsMax = tiles.Max(t => t.AdcFullScaleVolts);
            table.AddRow(Terminal.Escape(layer), $"{tiles.Count}", $"{w.FirstPatch}..{w.FirstPatch + w.Patches - 1}", $"{w.StartSlot}..{w.StartSlot + w.Patches - 1}",
                $"{tiles.Sum(t => t.AdcInputVolts.Length)}", fsMin == fsMax ? Fs(fsMin) : $"{Fs(fsMin)} .. {Fs(fsMax)}");
        }
        console.Write(table);
        var syntax = SpiceSyntax.For(dialect);
        console.WriteLine(Terminal.Plain(dialect == SpiceDialect.Ngspice
            ? $"Wrote {written.Count} files to {s.OutDir}; run: cd {s.OutDir} && ngspice -b {DeckName(stem, st.Image)}"
            : $"Wrote {written.Count} files to {s.OutDir} for {syntax.Simulator}; to check them in ngspice: cd {s.OutDir} && " +
              $"echo 'set ngbehavior={syntax.NgspiceBehavior}' > .spiceinit && ngspice -b {DeckName(stem, st.Image)}"));
        return 0;
    }

    /// <summary>File stem of the whole-network stimulus deck and its ADC inputs (network.imageI.tran.cir).</summary>
    public const string NetworkStem = "network";

    private static string RunSettingsText(NonIdealities c)
    {
        string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        return $"{c.DevicePreset}, Vread {N(c.VreadVolts)} V, Rf {N(c.FeedbackOhms)} Ohm, wires {N(c.WireRowOhms)}/{N(c.WireColumnOhms)} Ohm " +
               $"({N(c.WireCapacitanceFarads)} F), op-amp A0 {(c.OpAmpGain is { } a ? N(a) : "ideal")} GBW {(c.OpAmpGbwHz is { } g ? N(g) + " Hz" : "ideal")}, " +
               $"DAC {c.DacBits} bits, ADC {c.AdcBits} bits";
    }

    /// <summary>measure,layer,tile,output,patch,time_s,cosim_adc_input_v,adc_full_scale_v: one line per .meas of the deck.</summary>
    private static string AdcCsv(IReadOnlyList<(StimulusWindow Window, IReadOnlyList<TileStimulus> Tiles)> layers, double[] starts)
    {
        var sb = new StringBuilder("measure,layer,tile,output,patch,time_s,cosim_adc_input_v,adc_full_scale_v\n");
        for (int li = 0; li < layers.Count; li++)
        {
            var (w, tiles) = layers[li];
            double readSeconds = w.ReadSeconds!.Value;
            for (int i = 0; i < tiles.Count; i++)
            {
                var t = tiles[i];
                var tile = w.Tiles[i].Tile;
                var nodes = tile.Layout.OutputNodes;
                for (int k = 0; k < t.Patches; k++)
                    for (int j = 0; j < nodes.Count; j++)
                        sb.Append(HierarchicalNetlistWriter.MeasureName(tile, nodes[j], t.First + k)).Append(',').Append(w.Layer).Append(',').Append(tile.Stem)
                          .Append(',').Append(j).Append(',').Append(t.First + k).Append(',')
                          .Append((starts[li] + (k + 1) * readSeconds).ToString("R", CultureInfo.InvariantCulture)).Append(',')
                          .Append(t.AdcInputVolts[k * nodes.Count + j].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                          .Append(t.AdcFullScaleVolts.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        return sb.ToString();
    }
}
