using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands;

/// <summary>
/// <c>memspice cosim</c>: runs test images through the crossbar circuits of every analog layer with the digital
/// controller (DAC, ADC, tile sums, ReLU, pooling, GAP) and compares every layer with ideal float math.
/// </summary>
internal static class CosimCommand
{
    public static Command Create()
    {
        var weights = new Option<string>("--weights") { Description = "Weights file (.msw).", Required = true }.ExistingFile();
        var images = new Option<int?>("--images") { Description = "Co-simulate the first N test images (default: all)." }.AtLeast(1);
        var mode = new Option<string>("--mode") { Description = "dc: every read is a DC operating point of the tile circuit (linear read mode, fast path).", DefaultValueFactory = _ => "dc" }
            .AcceptOnlyFromAmong("dc");
        var backend = new Option<string>("--backend")
        {
            Description = "native: our circuit engine (generated tile circuits, factored once, exact transfer matrix); ideal: float math, no circuit (reference).",
            DefaultValueFactory = _ => "native",
        }.AcceptOnlyFromAmong("native", "ideal");
        var nonIdeal = new Option<string?>("--nonideal") { Description = "Non-idealities JSON file (fields: see docs/cosim.md)." };
        var dacBits = new Option<int?>("--dac-bits") { Description = "DAC bits (overrides the JSON; 0 = ideal)." };
        var adcBits = new Option<int?>("--adc-bits") { Description = "ADC bits (overrides the JSON; 0 = ideal, else >= 2)." };
        var wire = new Option<double?>("--wire-ohms") { Description = "Wire resistance per cell segment on rows and columns, ohms (overrides the JSON)." };
        var a0 = new Option<double?>("--a0") { Description = "Op-amp open-loop gain A0 (overrides the JSON)." };
        var shard = new Option<string?>("--shard") { Description = "Process slice k of N of the images, 1-based (k/N, e.g. 2/4); combine with 'memspice merge'." };
        var threads = new Option<int>("--threads") { Description = "Images processed in parallel.", DefaultValueFactory = _ => Environment.ProcessorCount }.AtLeast(1);
        var scatterLayer = new Option<string?>("--scatter-layer") { Description = "Layer of the analog-vs-ideal scatter plot (default: the last analog layer)." };
        var ngspiceCheck = new Option<int>("--ngspice-check")
        {
            Description = "Also run this many patches per tile (first crossbar of each analog layer, first image) through ngspice and compare with our engine (ngspice.csv).",
            DefaultValueFactory = _ => 0,
        }.AtLeast(0);
        var dataset = DataSetOption.Create();
        var output = new Option<string>("--out") { Description = "Output folder (written atomically: complete or not at all).", Required = true };
        var command = new Command("cosim", "Co-simulate a trained CNN on crossbar circuits with a digital controller; per-layer error report and accuracy.")
        {
            weights, images, mode, backend, nonIdeal, dacBits, adcBits, wire, a0, shard, threads, scatterLayer, ngspiceCheck, dataset, output,
        };
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            var settings = LoadSettings(parse.GetValue(nonIdeal), parse.GetValue(dacBits), parse.GetValue(adcBits), parse.GetValue(wire), parse.GetValue(a0));
            Shard part;
            try { part = parse.GetValue(shard) is { } s ? Shard.Parse(s) : Shard.Whole; }
            catch (FormatException ex) { throw new CliException($"--shard: {ex.Message}", CliApp.UsageError); }
            var run = new CosimRun(parse.GetValue(weights)!, parse.GetValue(dataset)!, parse.GetValue(images), parse.GetValue(mode)!,
                parse.GetValue(backend)!, settings, part, parse.GetValue(threads), parse.GetValue(scatterLayer), parse.GetValue(output)!,
                parse.GetValue(ngspiceCheck));
            return run.Execute(console);
        });
        return command;
    }

    /// <summary>Non-idealities from the JSON file (or defaults) with the command-line overrides; errors name the field or option.</summary>
    internal static NonIdealities LoadSettings(string? path, int? dacBits, int? adcBits, double? wireOhms, double? a0)
    {
        NonIdealities settings;
        try { settings = path is null ? new NonIdealities() : NonIdealitiesJson.Load(path); }
        catch (NonIdealitiesException ex) { throw new CliException($"--nonideal {ex.Message}"); }
        settings = settings with
        {
            DacBits = dacBits ?? settings.DacBits, AdcBits = adcBits ?? settings.AdcBits,
            WireRowOhms = wireOhms ?? settings.WireRowOhms, WireColumnOhms = wireOhms ?? settings.WireColumnOhms,
            OpAmpGain = a0 ?? settings.OpAmpGain,
        };
        if (settings.FirstProblem() is { } p)
        {
            string? option = p.Field switch
            {
                "dac.bits" when dacBits is not null => "--dac-bits",
                "adc.bits" when adcBits is not null => "--adc-bits",
                "wire.rowOhms" or "wire.columnOhms" when wireOhms is not null => "--wire-ohms",
                "opAmp.a0" when a0 is not null => "--a0",
                _ => null,
            };
            throw new CliException(option is null ? $"--nonideal: field '{p.Field}' {p.Problem}." : $"{option} {p.Problem}.", CliApp.UsageError);
        }
        return settings;
    }
}
