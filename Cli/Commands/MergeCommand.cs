using System.CommandLine;
using MemristorSpice.Cli.Commands.Sweep;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Reports;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands;

/// <summary><c>memspice merge</c>: combines the shard folders of one co-simulation into the report of the whole run.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var shards = new Argument<string[]>("shards") { Description = "Shard output folders (every shard k/N of one run exactly once).", Arity = ArgumentArity.OneOrMore };
        var scatterLayer = new Option<string?>("--scatter-layer") { Description = "Layer of the analog-vs-ideal scatter plot (default: the last analog layer)." };
        var output = new Option<string>("--out") { Description = "Output folder of the merged report (written atomically).", Required = true };
        var force = OutputOptions.Force();
        var command = new Command("merge", "Combine 'memspice cosim --shard k/N' (or 'memspice sweep --shard k/N') folders into one result identical to an unsharded run.") { shards, scatterLayer, output, force };
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            var dirs = parse.GetValue(shards)!;
            // The merged folder may not be, hold or lie inside a shard: checked before any shard is read.
            var target = OutputOptions.Target("merge", parse.GetValue(force), dirs);
            target.CheckFolder(parse.GetValue(output)!);
            if (dirs.Length > 0 && Cosim.Ppa.SweepFiles.IsSweepFolder(dirs[0]))
                return MergeSweep(console, dirs, parse.GetValue(output)!, target);
            CosimReport report;
            try { report = ShardMerger.Merge(dirs); }
            catch (ShardMergeException ex) { throw new CliException(ex.Message); }
            var outDir = parse.GetValue(output)!;
            // Side files (ngspice.csv from shard 1; settling.csv/png, identical in every tran shard): the first folder that has each.
            var side = CosimOutput.SideFiles.Select(f => dirs.Select(d => Path.Combine(d, f)).FirstOrDefault(File.Exists))
                .OfType<string>().ToList();
            CosimOutput.Write(outDir, target, report, parse.GetValue(scatterLayer), copyFiles: side);
            CosimOutput.Print(console, report);
            console.WriteLine($"Merged {report.MergedShards} shard(s) into {outDir}/");
            return 0;
        });
        return command;
    }

    /// <summary>Sweep shard folders (sweep.json): same settings hash, every k in 1..N once; the result equals an unsharded sweep.</summary>
    private static int MergeSweep(IAnsiConsole console, string[] dirs, string outDir, OutputTarget target)
    {
        Cosim.Ppa.SweepPlan plan;
        IReadOnlyList<Cosim.Ppa.SweepPointResult> results;
        try { (plan, results) = Cosim.Ppa.SweepFiles.Merge(dirs); }
        catch (ShardMergeException ex) { throw new CliException(ex.Message); }
        SweepOutput.Write(outDir, target, plan, Shard.Whole, dirs.Length, results);
        SweepOutput.Print(console, plan, Shard.Whole, results);
        console.WriteLine($"Merged {dirs.Length} sweep shard(s) into {outDir}/");
        return 0;
    }
}
