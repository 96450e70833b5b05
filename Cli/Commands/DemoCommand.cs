using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;

namespace MemristorSpice.Cli.Commands;

/// <summary>
/// <c>memspice demo</c>: the README's main demo. Co-simulates the shipped MSCCNN (weights/msccnn.msw) on the first
/// MNIST test images at circuit level: every analog layer's tiles are generated with 1 Ω wire segments and op-amps of
/// A0 = 1e5, read through 8-bit DACs and ADCs, and compared layer by layer with ideal float math.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var images = new Option<int>("--images") { Description = "Test images to co-simulate.", DefaultValueFactory = _ => 300 }.InRange();
        var threads = new Option<int>("--threads") { Description = "Images processed in parallel.", DefaultValueFactory = _ => Environment.ProcessorCount }.InRange();
        var output = new Option<string>("--out") { Description = "Report folder.", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var force = OutputOptions.Force();
        var command = new Command("demo", "Co-simulate the shipped MSCCNN on MNIST test images at circuit level (the default design point: 1 ohm wires, A0 1e5, 8-bit converters).")
        {
            images, threads, output, force,
        };
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            var weights = Path.Combine(RepoPaths.Root ?? Environment.CurrentDirectory, "weights", "msccnn.msw");
            if (!File.Exists(weights))
                throw new CliException($"{weights} not found: the shipped weights come with the repository (or run 'memspice train --model msccnn --out {weights}').");
            var settings = DesignPoint.Default.Circuit;
            var run = new CosimSettings(weights, "mnist", parse.GetValue(images), CosimMode.Dc, CosimBackend.Native, settings, Shard.Whole,
                parse.GetValue(threads), null, parse.GetValue(output)!,
                OutputOptions.Target("demo", parse.GetValue(force), weights, DataSetOption.Folder("mnist")));
            return new CosimRun(console).Execute(run);
        });
        return command;
    }
}
