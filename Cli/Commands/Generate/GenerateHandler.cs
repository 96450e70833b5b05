using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Generate;

/// <summary>Runs the <c>generate</c> settings: generates the netlists, writes the folder whole, prints the counts.</summary>
internal sealed class GenerateHandler(IAnsiConsole console)
{
    public int Run(GenerateCrossbarSettings s)
    {
        var x = Checked(() => new CrossbarGenerator(s.Generator.Crossbar).Generate(s.Matrix, CrossbarContext.ForMatrix(s.Stem)));
        var files = new List<(string Name, string Text)>();
        for (int t = 0; t < x.Tiles.Count; t++) files.Add((x.FileName(t), CrossbarNetlistWriter.Write(x.Tiles[t])));
        files.Add(($"{s.Stem}.manifest.json", CrossbarManifest.Write(x)));
        files.Add((CrossbarManifest.CellsFileName(x), CrossbarManifest.WriteCells(x)));
        var written = GeneratedFolder.Write(s.OutDir, s.Target, files, s.Generator.LibraryCopy);
        GenerateOutput.PrintCrossbar(console, s.Stem, s.Matrix, x);
        foreach (var f in written) console.WriteLine(Terminal.Plain($"Wrote {f}"));
        return 0;
    }

    public int Run(GenerateNetworkSettings s)
    {
        var source = Path.GetFileName(s.WeightsPath);
        var result = Checked(() => new NetworkGenerator(s.Generator.Crossbar).Generate(CrossbarNetwork.FromModel(s.Model), s.Model.Name, source, s.Selection));
        var written = GeneratedFolder.Write(s.OutDir, s.Target, result.Files(), s.Generator.LibraryCopy);
        GenerateOutput.PrintNetwork(console, result);
        console.WriteLine(Terminal.Plain($"Wrote {written.Count} files to {s.OutDir}"));
        return 0;
    }

    /// <summary>The generators report weights or settings they cannot map with an ArgumentException: an input error (exit 1).</summary>
    private static T Checked<T>(Func<T> generate)
    {
        try { return generate(); }
        catch (ArgumentException ex) { throw new CliException(ex.Message); }
    }
}
