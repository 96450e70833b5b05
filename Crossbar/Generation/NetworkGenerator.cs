using System.Text.Json;
using System.Text;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.Spice;
using MemristorSpice.Netlist.Writing;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Crossbar.Generation;

/// <summary>How tiles are written.</summary>
public enum NetlistForm
{
    /// <summary>Subcircuits (cell, tile, readout), decks per tile and per layer, .param design point, devices.lib copied beside.</summary>
    Hierarchical,

    /// <summary>One self-contained deck per tile with every element at top level and literal values.</summary>
    Flat,
}

/// <summary>Which logical crossbars of a network get netlist files.</summary>
public enum CrossbarSelection
{
    /// <summary>Every logical crossbar of every analog layer.</summary>
    All,

    /// <summary>Per layer kind, the layer with the fewest memristors (the first on ties), and of it the first logical
    /// crossbar (all its tiles): a small, complete example of each kind. Counts still cover every crossbar.</summary>
    RepresentativePerKind,
}

/// <summary>The generated crossbars of one analog layer.</summary>
/// <param name="Stage">The layer in crossbar form.</param>
/// <param name="Crossbars">Every logical crossbar, generated.</param>
/// <param name="Written">Indices of the crossbars that get files.</param>
/// <param name="Rules">The counts <see cref="CrossbarMappingRules"/> gives for the layer.</param>
public sealed record LayerNetlists(AnalogStage Stage, IReadOnlyList<GeneratedCrossbar> Crossbars, IReadOnlyList<int> Written, GeneratedCounts Rules)
{
    /// <summary>Counts of the crossbars actually generated (summed over all of them).</summary>
    public GeneratedCounts Counts => Crossbars.Aggregate(default(GeneratedCounts), (s, x) => s + x.Counts);
}

/// <summary>
/// Generates the crossbars of every analog layer of a <see cref="CrossbarNetwork"/> and lays out the files:
/// per written logical crossbar its tile netlists (stem.cir or stem_tT.cir) and stem.manifest.json, plus
/// network.json with the per-layer counts (generated and from <see cref="CrossbarMappingRules"/>) and the file list.
/// </summary>
public sealed class NetworkGenerator(CrossbarOptions options)
{
    /// <summary>The validated options.</summary>
    public CrossbarOptions Options { get; } = options.Validate();

    /// <summary>Generates the crossbars of every analog layer of <paramref name="network"/>.</summary>
    /// <param name="network">The network in crossbar form.</param>
    /// <param name="modelName">Model name written into the netlist headers.</param>
    /// <param name="weightsSource">Where the weights came from (file path), for the headers.</param>
    /// <param name="selection">Which crossbars get netlist files.</param>
    /// <param name="inputFullScales">Optional amax per layer name (the activation range the co-simulator calibrated);
    /// layers not listed use <see cref="CrossbarOptions.InputFullScale"/>.</param>
    /// <param name="layer">Generate only this analog layer, every crossbar of it written (null: every layer, as <paramref name="selection"/> says).</param>
    public NetworkNetlists Generate(CrossbarNetwork network, string modelName, string weightsSource, CrossbarSelection selection,
        IReadOnlyDictionary<string, double>? inputFullScales = null, string? layer = null)
    {
        var layers = new List<LayerNetlists>();
        if (layer is not null && !network.AnalogStages.Any(s => s.Name == layer))
            throw new ArgumentException($"{InputName.Quote(layer)} is not an analog layer of {InputName.Quote(modelName)} " +
                                        $"(analog layers: {string.Join(", ", network.AnalogStages.Select(s => s.Name))}).");
        foreach (var stage in network.AnalogStages)
        {
            if (layer is not null && stage.Name != layer) continue;
            var layerOptions = inputFullScales?.TryGetValue(stage.Name, out var amax) == true ? Options with { InputFullScale = amax } : Options;
            layerOptions = layerOptions with { NonIdealities = layerOptions.NonIdealities.ForLayer(stage.Name) };
            var crossbars = new LayerGenerator(layerOptions).Generate(stage);
            var rules = CrossbarMappingRules.For(stage.Layer, stage.Bias).Select(CrossbarMappingRules.Cost)
                .Aggregate(default(GeneratedCounts), (s, c) => s + new GeneratedCounts(c.Tiles, c.Memristors, c.OpAmps));
            var all = Enumerable.Range(0, crossbars.Count).ToList();
            layers.Add(new LayerNetlists(stage, crossbars, all, rules));
        }
        if (selection == CrossbarSelection.RepresentativePerKind && layer is null)
        {
            var chosen = layers.GroupBy(l => l.Stage.Kind)
                .Select(g => g.OrderBy(l => l.Crossbars[0].Counts.Memristors).First().Stage.Name).ToHashSet(StringComparer.Ordinal);
            layers = layers.Select(l => l with { Written = chosen.Contains(l.Stage.Name) ? [0] : [] }).ToList();
        }
        return new NetworkNetlists(modelName, weightsSource, Options, selection, layers);
    }
}

/// <summary>The generated netlists of a network and their files (relative path → text).</summary>
public sealed class NetworkNetlists(string modelName, string weightsSource, CrossbarOptions options, CrossbarSelection selection,
    IReadOnlyList<LayerNetlists> layers)
{
    /// <summary>Name of the model the netlists came from.</summary>
    public string ModelName { get; } = modelName;
    /// <summary>One entry per analog layer, in network order.</summary>
    public IReadOnlyList<LayerNetlists> Layers { get; } = layers;

    /// <summary>Counts over every crossbar as generated.</summary>
    public GeneratedCounts Counts => Layers.Aggregate(default(GeneratedCounts), (s, l) => s + l.Counts);

    /// <summary>Counts from <see cref="CrossbarMappingRules"/>.</summary>
    public GeneratedCounts Rules => Layers.Aggregate(default(GeneratedCounts), (s, l) => s + l.Rules);

    /// <summary>
    /// Files in write order: relative file name → content (deterministic). Hierarchical (default): devices.lib and
    /// readout.lib, per written tile its subcircuit (stem.sub) and deck (stem.cir), per layer whose crossbars are all
    /// written a layer deck (layer.layer.cir); flat: one self-contained deck per tile that includes
    /// <see cref="CrossbarOptions.DeviceLibraryInclude"/>. Both: manifests, cell tables and network.json.
    /// </summary>
    /// <param name="form">Hierarchical or flat.</param>
    /// <param name="dialect">Simulator of the hierarchical files (flat decks are ngspice only: <see cref="SpiceDialectException"/> otherwise).</param>
    public IReadOnlyList<(string Name, string Text)> Files(NetlistForm form = NetlistForm.Hierarchical, SpiceDialect dialect = SpiceDialect.Ngspice)
    {
        if (form == NetlistForm.Flat && dialect != SpiceDialect.Ngspice) throw FlatOnlyNgspice(dialect);
        var files = new List<(string, string)>();
        bool hierarchical = form == NetlistForm.Hierarchical;
        if (hierarchical && Layers.FirstOrDefault(l => l.Written.Count > 0) is { } first)
        {
            var x0 = first.Crossbars[first.Written[0]];
            files.Add((HierarchicalNetlistWriter.DeviceLibraryFile, MemristorSpice.Devices.Spice.DeviceLibrary.Generate(dialect)));
            files.Add((HierarchicalNetlistWriter.ReadoutLibrary, HierarchicalNetlistWriter.Readout(x0.Parameters, x0.Tiles[0].Device, dialect)));
        }
        foreach (var layer in Layers)
        {
            foreach (var i in layer.Written)
            {
                var x = layer.Crossbars[i];
                if (hierarchical) files.AddRange(x.HierarchicalFiles(dialect: dialect));
                else for (int t = 0; t < x.Tiles.Count; t++) files.Add((x.FileName(t), CrossbarNetlistWriter.Write(x.Tiles[t])));
                files.Add(($"{x.Context.Stem}.manifest.json", CrossbarManifest.Write(x)));
                files.Add((CrossbarManifest.CellsFileName(x), CrossbarManifest.WriteCells(x)));
            }
            if (hierarchical && layer.Written.Count == layer.Crossbars.Count && layer.Crossbars.Count > 0)
                files.Add((LayerDeckName(layer.Stage.Name), LayerDeck(layer, dialect)));
        }
        files.Add(("network.json", Summary(files.Select(f => f.Item1).ToList())));
        foreach (var (name, _) in files) RequirePlainFileName(name);
        return files;
    }

    /// <summary>
    /// Second line of defence behind the name check of the weights loader: every file name is a single path
    /// component built from <see cref="InputName"/> characters, so no write can leave the output folder.
    /// </summary>
    private static void RequirePlainFileName(string name)
    {
        bool plain = name.Length is > 0 and <= 255 && name[0] != '.' && !name.Contains("..", StringComparison.Ordinal)
                     && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
        if (!plain)
            throw new ArgumentException($"refusing to write the file name {InputName.Quote(name)}: file names must be plain " +
                                        "(letters, digits, '_', '.', '-'; no folders, no '..').");
    }

    /// <summary>
    /// Writes every file into <paramref name="directory"/> (created if needed); returns the full paths. Names come
    /// from the model's layer names, so each path goes through <see cref="OutputPaths.Inside"/>.
    /// </summary>
    public IReadOnlyList<string> WriteTo(string directory, Action<string, string>? write = null)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        foreach (var (name, text) in Files())
        {
            var path = OutputPaths.Inside(directory, name);
            if (write is null) File.WriteAllText(path, text); else write(path, text);
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>File name of a layer's deck: layer.layer.cir.</summary>
    public static string LayerDeckName(string layer) => layer + ".layer.cir";

    /// <summary>The deck of every tile of a layer (representative inputs, .op).</summary>
    public static string LayerDeck(LayerNetlists layer, SpiceDialect dialect = SpiceDialect.Ngspice)
    {
        var tiles = layer.Crossbars.SelectMany(x => x.PlacedTiles()).ToList();
        var x0 = layer.Crossbars[0];
        var header = new List<string>
        {
            $"layer {layer.Stage.Name} ({layer.Stage.Kind}): {layer.Crossbars.Count} logical crossbar(s), {tiles.Count} tile(s); " +
            $"K = {x0.OutputVoltsPerUnit.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} V per unit",
            "each tile's nodes carry its stem: stem_rowR (row input), stem_outJ (output J of the tile); sources vstem_rowR",
            "tiles of one crossbar give partial sums that the controller adds after the ADC (stem_tT = tile T)",
            "row sources hold a representative input (every a = amax/2, bias at vread); the .meas stimulus decks replace them",
        };
        return HierarchicalNetlistWriter.LayerDeck($"{layer.Stage.Name} layer: {tiles.Count} crossbar tile(s)", header, tiles, x0.Parameters, dialect);
    }

    /// <summary>The refusal of a flat deck in another dialect: the flat form is the older ngspice-only layout.</summary>
    public static SpiceDialectException FlatOnlyNgspice(SpiceDialect dialect) =>
        new($"--dialect {SpiceSyntax.NameOf(dialect)}: the flat form (--flat) is written for ngspice only and has no {SpiceSyntax.For(dialect).Simulator} translation; " +
            "use the hierarchical form (the default), which is translated and checked.");

    private string Summary(IReadOnlyList<string> files)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", "memristorspice-network-netlists/1");
            w.WriteString("model", ModelName);
            w.WriteString("weights", weightsSource);
            w.WriteString("selection", selection.ToString());
            w.WriteString("device", CrossbarDevice.FromPreset(options.DevicePreset).SubcircuitName);
            w.WriteString("opAmp", CrossbarOpAmps.Describe(options.OpAmp));
            w.WriteNumber("maxTileRows", options.MaxTileRows);
            WriteCounts(w, "counts", Counts);
            WriteCounts(w, "mappingRules", Rules);
            w.WriteStartArray("layers");
            foreach (var l in Layers)
            {
                w.WriteStartObject();
                w.WriteString("layer", l.Stage.Name);
                w.WriteString("kind", l.Stage.Kind.ToString());
                w.WriteNumber("logicalCrossbars", l.Crossbars.Count);
                w.WriteString("shape", $"{l.Crossbars[0].Matrix.Rows} x {l.Crossbars[0].Matrix.Shape.Columns}");
                w.WriteNumber("weightFullScale", l.Crossbars[0].Mapping.WeightFullScale);
                w.WriteNumber("outputVoltsPerUnit", l.Crossbars[0].OutputVoltsPerUnit);
                WriteCounts(w, "counts", l.Counts);
                WriteCounts(w, "mappingRules", l.Rules);
                w.WriteStartArray("written");
                foreach (var i in l.Written) w.WriteStringValue(l.Crossbars[i].Context.Stem);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("files");
            foreach (var f in files) w.WriteStringValue(f);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n") + "\n";
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, GeneratedCounts c)
    {
        w.WriteStartObject(name);
        w.WriteNumber("crossbars", c.Crossbars);
        w.WriteNumber("memristors", c.Memristors);
        w.WriteNumber("opAmps", c.OpAmps);
        w.WriteEndObject();
    }
}
