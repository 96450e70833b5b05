using System.Globalization;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Pruning;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Prune;

/// <summary>The console tables of a pruning outcome: removed channels, and hardware counts and accuracy before/after.</summary>
internal sealed class PruneReport(PruningOutcome outcome)
{
    /// <summary>Crossbars, memristors, op-amps and weights of the unpruned model.</summary>
    public ModelCounts Before { get; } = ModelCounter.Count(outcome.Unpruned);

    /// <summary>The same counts after pruning.</summary>
    public ModelCounts After { get; } = ModelCounter.Count(outcome.Model);

    public void Print(IAnsiConsole console)
    {
        var table = new Table().AddColumn("layer").AddColumn("removed channels");
        foreach (var (layer, removed) in outcome.RemovedChannels)
            table.AddRow(Terminal.Escape(layer), Terminal.Escape($"{removed.Length}: {string.Join(' ', removed)}"));
        console.Write(table);
        var counts = new Table().AddColumn("").AddColumn(new TableColumn("before").RightAligned()).AddColumn(new TableColumn("after").RightAligned());
        counts.AddRow("depthwise crossbars", Before.DepthwiseCrossbars.ToString(), After.DepthwiseCrossbars.ToString());
        counts.AddRow("crossbars", Before.Crossbars.ToString(), After.Crossbars.ToString());
        counts.AddRow("memristors", Before.Memristors.ToString(), After.Memristors.ToString());
        counts.AddRow("op-amps", Before.OpAmps.ToString(), After.OpAmps.ToString());
        counts.AddRow("weights", Before.Weights.ToString(), After.Weights.ToString());
        counts.AddRow("test accuracy", $"{100 * outcome.BaselineAccuracy:F2} %", $"{100 * outcome.Accuracy:F2} %");
        console.Write(counts);
    }
}

/// <summary>Writes the pruned weights (with the run's metadata) and the fine-tuning log, each atomically.</summary>
internal static class PruneFiles
{
    public static void Write(PruneSettings s, OutputTarget outTarget, OutputTarget logTarget, PruningOutcome outcome, PruneReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var metadata = new Dictionary<string, string>
        {
            ["command"] = s.CommandLine,
            ["ratio"] = outcome.Ratio.ToString("G4", inv),
            ["test_accuracy"] = outcome.Accuracy.ToString("F4", inv),
            ["baseline_accuracy"] = outcome.BaselineAccuracy.ToString("F4", inv),
            ["depthwise_crossbars"] = $"{report.Before.DepthwiseCrossbars} -> {report.After.DepthwiseCrossbars}",
            ["memristors"] = $"{report.Before.Memristors} -> {report.After.Memristors}",
        };
        var chosen = outcome.Trials.Single(t => t.Model == outcome.Model);
        if (chosen.Log.SelectedEpoch is { } selected)
            metadata["selected_epoch"] = selected.ToString(inv);
        AtomicFile.WriteAllBytes(s.OutPath, outTarget, WeightsFile.Serialize(outcome.Model, metadata));
        AtomicFile.WriteAllText(s.LogPath, logTarget, chosen.Log.ToCsv());
    }
}
