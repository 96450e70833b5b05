using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.Spice;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Generate;

/// <summary>Runs the <c>generate</c> settings: generates the netlists, writes the folder whole, prints the counts.</summary>
internal sealed class GenerateHandler(IAnsiConsole console)
{
    public int Run(GenerateCrossbarSettings s)
    {
        // A network layer's crossbar is generated with the whole layer (one weight full scale per layer, as the co-simulation maps it).
        var x = s.Source is { } n
            ? Checked(() => new NetworkGenerator(s.Generator.Crossbar).Generate(CrossbarNetwork.FromModel(n.Model), n.Model.Name, Path.GetFileName(s.WeightsPath),
                CrossbarSelection.All, layer: n.Layer).Layers[0].Crossbars[n.Crossbar])
            : Checked(() => new CrossbarGenerator(s.Generator.Crossbar).Generate(s.Matrix, CrossbarContext.ForMatrix(s.Stem)));
        var files = new List<(string Name, string Text)>();
        var dialect = s.Generator.Dialect;
        if (s.Generator.Form == NetlistForm.Hierarchical)
        {
            Checked(() =>
            {
                files.Add((HierarchicalNetlistWriter.DeviceLibraryFile, DeviceLibrary.Generate(dialect)));
                files.Add((HierarchicalNetlistWriter.ReadoutLibrary, HierarchicalNetlistWriter.Readout(x.Parameters, x.Tiles[0].Device, dialect)));
                files.AddRange(x.HierarchicalFiles(dialect: dialect));
                files.Add((NetworkNetlists.LayerDeckName(s.Stem), HierarchicalNetlistWriter.LayerDeck($"{s.Stem}: {x.Tiles.Count} crossbar tile(s)",
                    [$"matrix {s.Stem}: {x.Matrix.Rows} rows x {x.Matrix.Outputs} outputs in {x.Tiles.Count} tile(s); tile partial sums add after the ADC"],
                    x.PlacedTiles(), x.Parameters, dialect)));
                return files;
            });
        }
        else for (int t = 0; t < x.Tiles.Count; t++) files.Add((x.FileName(t), CrossbarNetlistWriter.Write(x.Tiles[t])));
        files.Add(($"{x.Context.Stem}.manifest.json", CrossbarManifest.Write(x)));
        files.Add((CrossbarManifest.CellsFileName(x), CrossbarManifest.WriteCells(x)));
        var written = GeneratedFolder.Write(s.OutDir, s.Target, files, s.Generator.LibraryCopy && s.Generator.Form == NetlistForm.Flat);
        GenerateOutput.PrintCrossbar(console, s.Stem, s.Matrix, x);
        foreach (var f in written) console.WriteLine(Terminal.Plain($"Wrote {f}"));
        return 0;
    }

    public int Run(GenerateNetworkSettings s)
    {
        if (s.Stimulus is not null) return new GenerateStimulus(console).Run(s);
        var source = Path.GetFileName(s.WeightsPath);
        var result = Checked(() => new NetworkGenerator(s.Generator.Crossbar).Generate(CrossbarNetwork.FromModel(s.Model), s.Model.Name, source, s.Selection,
            layer: s.Layer));
        var files = Checked(() => result.Files(s.Generator.Form, s.Generator.Dialect));
        var written = GeneratedFolder.Write(s.OutDir, s.Target, files, s.Generator.LibraryCopy && s.Generator.Form == NetlistForm.Flat);
        GenerateOutput.PrintNetwork(console, result);
        console.WriteLine(Terminal.Plain($"Wrote {written.Count} files to {s.OutDir}"));
        return 0;
    }

    /// <summary>The generators report weights or settings they cannot map with an ArgumentException: an input error (exit 1).</summary>
    internal static T Checked<T>(Func<T> generate)
    {
        try { return generate(); }
        catch (ArgumentException ex) { throw new CliException(ex.Message); }
    }
}
