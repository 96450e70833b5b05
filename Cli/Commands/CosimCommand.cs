using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
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
        var images = new Option<int?>("--images") { Description = "Co-simulate the first N test images (default: all)." }.InRange();
        var mode = new Option<string>("--mode")
        {
            Description = "dc: every read is a DC operating point of the tile circuit (linear read mode, fast path). " +
                          "tran: patches applied as a pulse train, one read slot per patch (op-amp GBW, wire capacitance and device dynamics act), outputs sampled at the end of each slot.",
            DefaultValueFactory = _ => "dc",
        }.AcceptOnlyFromAmong("dc", "tran");
        var backend = new Option<string>("--backend")
        {
            Description = "native: our circuit engine; ideal: float math, no circuit (reference, dc only); " +
                          "ngspice: our engine for the run plus ngspice on the same tile netlists for --ngspice-patches patches of every analog layer (ngspice.csv).",
            DefaultValueFactory = _ => "native",
        }.AcceptOnlyFromAmong("native", "ideal", "ngspice");
        var nonIdeal = new Option<string?>("--nonideal") { Description = "Non-idealities JSON file (fields: see docs/cosim.md)." };
        var dacBits = new Option<int?>("--dac-bits") { Description = "DAC bits (overrides the JSON; 0 = ideal)." }.InRange();
        var adcBits = new Option<int?>("--adc-bits") { Description = "ADC bits (overrides the JSON; 0 = ideal, else >= 2)." }.InRange();
        var wire = new Option<double?>("--wire-ohms") { Description = "Wire resistance per cell segment on rows and columns, ohms (overrides the JSON)." }.InRange();
        var a0 = new Option<double?>("--a0") { Description = "Op-amp open-loop gain A0 (overrides the JSON)." }.InRange();
        var gbw = new Option<double?>("--gbw") { Description = "Op-amp gain-bandwidth product in Hz (overrides the JSON opAmp.gbwHz; acts in tran mode)." }.InRange();
        var wireFarads = new Option<double?>("--wire-farads") { Description = "Wire capacitance per cell segment to ground, farads (overrides the JSON wire.capacitanceFarads; tran mode; needs --wire-ohms > 0)." }.InRange();
        var readTime = new Option<double>("--read-time")
        {
            Description = "tran: read slot per patch in seconds (the 1 µs default settles the shipped MSCCNN to 8 bits with GBW >= 20 MHz; settling.png shows what a design needs).",
            DefaultValueFactory = _ => TranOptions.DefaultReadTimeSeconds,
        }.InRange();
        var stepsPerSlot = new Option<int>("--steps-per-slot") { Description = "tran: fixed time steps per read slot.", DefaultValueFactory = _ => new TranOptions().StepsPerSlot }.InRange();
        var chunkPatches = new Option<int>("--chunk-patches")
        {
            Description = "tran: patches per continuous pulse train; chunks run in parallel, each from the settled state of the patch before it.",
            DefaultValueFactory = _ => new TranOptions().ChunkPatches,
        }.InRange();
        var ngspicePatches = new Option<int>("--ngspice-patches")
        {
            Description = "--backend ngspice: patches per tile (first crossbar of every analog layer, first image) run by ngspice.",
            DefaultValueFactory = _ => 3,
        }.InRange();
        var shard = new Option<string?>("--shard") { Description = "Process slice k of N of the images, 1-based (k/N, e.g. 2/4); combine with 'memspice merge'." };
        var threads = new Option<int>("--threads") { Description = "Images processed in parallel.", DefaultValueFactory = _ => Environment.ProcessorCount }.InRange();
        var scatterLayer = new Option<string?>("--scatter-layer") { Description = "Layer of the analog-vs-ideal scatter plot (default: the last analog layer)." };
        var ngspiceCheck = new Option<int>("--ngspice-check")
        {
            Description = "Same as --backend ngspice --ngspice-patches K (kept for older scripts); 0 = off.",
            DefaultValueFactory = _ => 0,
        }.InRange();
        var dataset = DataSetOption.Create();
        var output = new Option<string>("--out") { Description = "Output folder (written atomically: complete or not at all).", Required = true };
        var force = OutputOptions.Force();
        var command = new Command("cosim", "Co-simulate a trained CNN on crossbar circuits with a digital controller; per-layer error report and accuracy.")
        {
            weights, images, mode, backend, nonIdeal, dacBits, adcBits, wire, a0, gbw, wireFarads, readTime, stepsPerSlot, chunkPatches,
            ngspicePatches, shard, threads, scatterLayer, ngspiceCheck, dataset, output, force,
        };
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            var settings = LoadSettings(parse.GetValue(nonIdeal), parse.GetValue(dacBits), parse.GetValue(adcBits), parse.GetValue(wire), parse.GetValue(a0),
                parse.GetValue(gbw), parse.GetValue(wireFarads));
            Shard part;
            try { part = parse.GetValue(shard) is { } s ? Shard.Parse(s) : Shard.Whole; }
            catch (FormatException ex) { throw new CliException($"--shard: {ex.Message}", CliApp.UsageError); }
            string modeName = parse.GetValue(mode)!, backendName = parse.GetValue(backend)!;
            TranOptions? tran = null;
            if (modeName == "tran")
            {
                if (backendName == "ideal") throw new CliException("--mode tran needs --backend native or ngspice (the ideal backend has no circuit to settle).", CliApp.UsageError);
                tran = new TranOptions { ReadTimeSeconds = parse.GetValue(readTime), StepsPerSlot = parse.GetValue(stepsPerSlot), ChunkPatches = parse.GetValue(chunkPatches) };
                if (tran.FirstProblem() is { } problem) throw new CliException($"{problem.Option} {problem.Problem}.", CliApp.UsageError);
            }
            int ngspiceK = parse.GetValue(ngspiceCheck);
            if (backendName == "ngspice") ngspiceK = Math.Max(ngspiceK, parse.GetValue(ngspicePatches));
            if (ngspiceK > 0 && backendName == "ideal") throw new CliException("--ngspice-check needs --backend native or ngspice (it compares our circuit engine with ngspice).", CliApp.UsageError);
            var run = new CosimRun(parse.GetValue(weights)!, parse.GetValue(dataset)!, parse.GetValue(images), modeName,
                backendName, settings, part, parse.GetValue(threads), parse.GetValue(scatterLayer), parse.GetValue(output)!,
                OutputOptions.Target("cosim", parse.GetValue(force), parse.GetValue(weights), parse.GetValue(nonIdeal), DataSetOption.Folder(parse.GetValue(dataset)!)),
                ngspiceK, tran);
            return run.Execute(console);
        });
        return command;
    }

    /// <summary>Non-idealities from the JSON file (or defaults) with the command-line overrides; errors name the field or option.</summary>
    internal static NonIdealities LoadSettings(string? path, int? dacBits, int? adcBits, double? wireOhms, double? a0,
        double? gbwHz = null, double? wireFarads = null)
    {
        NonIdealities settings;
        try { settings = path is null ? new NonIdealities() : NonIdealitiesJson.Load(path); }
        catch (NonIdealitiesException ex) { throw new CliException($"--nonideal {ex.Message}"); }
        settings = settings with
        {
            DacBits = dacBits ?? settings.DacBits, AdcBits = adcBits ?? settings.AdcBits,
            WireRowOhms = wireOhms ?? settings.WireRowOhms, WireColumnOhms = wireOhms ?? settings.WireColumnOhms,
            OpAmpGain = a0 ?? settings.OpAmpGain,
            OpAmpGbwHz = gbwHz ?? settings.OpAmpGbwHz,
            WireCapacitanceFarads = wireFarads ?? settings.WireCapacitanceFarads,
        };
        if (settings.FirstProblem() is { } p)
        {
            string? option = p.Field switch
            {
                "dac.bits" when dacBits is not null => "--dac-bits",
                "adc.bits" when adcBits is not null => "--adc-bits",
                "wire.rowOhms" or "wire.columnOhms" when wireOhms is not null => "--wire-ohms",
                "opAmp.a0" when a0 is not null => "--a0",
                "opAmp.gbwHz" when gbwHz is not null => "--gbw",
                "wire.capacitanceFarads" when wireFarads is not null => "--wire-farads",
                _ => null,
            };
            throw new CliException(option is null ? $"--nonideal: field '{p.Field}' {p.Problem}." : $"{option} {p.Problem}.", CliApp.UsageError);
        }
        return settings;
    }
}
