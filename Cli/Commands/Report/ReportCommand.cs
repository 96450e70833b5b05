using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;

namespace MemristorSpice.Cli.Commands.Report;

/// <summary>
/// <c>memspice report</c>: the paper-style comparison. Co-simulates each model on the native circuit backend with the
/// array power meter, counts its hardware in the generated netlists and prints/writes weights, crossbars, memristors,
/// op-amps, converters, area, power, energy per image, latency, float and circuit accuracy, and the savings of MSCCNN.
/// This class declares the options and binds them into <see cref="ReportSettings"/>; <see cref="ReportHandler"/> runs them.
/// </summary>
internal sealed class ReportCommand
{
    private readonly Option<string> _models = new("--models")
    {
        Description = "Comma-separated models; each NAME is read from WEIGHTS-DIR/NAME.msw.", DefaultValueFactory = _ => "lenet,fcn,msccnn,msccnn-pruned",
    };
    private readonly Option<string?> _weightsDir = new("--weights-dir") { Description = "Folder of the .msw files (default: weights/ of this checkout)." };
    private readonly Option<int> _images = new Option<int>("--images") { Description = "MNIST test images co-simulated per model.", DefaultValueFactory = _ => 500 }.InRange();
    private readonly Option<string?> _tech = new("--tech") { Description = "Technology JSON overriding fields of netlists/tech/default-tech.json." };
    private readonly Option<string?> _nonIdeal = CircuitSettings.CreateFileOption(
        "Design-point JSON (docs/cosim.md \"Design point\"); default: the realistic design, 1 ohm wire segments, op-amp A0 1e5, 8-bit DAC/ADC. " +
        "vreadVolts comes from the technology (read.volts).");
    private readonly Option<bool> _ideal = CircuitSettings.CreateIdealOption();
    private readonly Option<int> _threads = new Option<int>("--threads") { Description = "Images processed in parallel.", DefaultValueFactory = _ => Environment.ProcessorCount }.InRange();
    private readonly DataSetOption _dataset = new();
    private readonly Option<string> _output = new("--out") { Description = "Report folder (written atomically).", Required = true };
    private readonly Option<bool> _force = OutputOptions.Force();

    /// <summary>The command with its options and action (bind, then run).</summary>
    public Command Command { get; }

    public ReportCommand()
    {
        Command = new Command("report", "Area, power, energy, latency and accuracy of CNN models on memristor circuits, side by side (paper-style table, CSV, Markdown, PNG).")
        {
            _models, _weightsDir, _images, _tech, _nonIdeal, _ideal, _threads, _dataset.Spec, _dataset.Mean, _dataset.Std, _output, _force,
        };
        Command.SetAction(parse => new ReportHandler(Terminal.For(parse.InvocationConfiguration.Output)).Run(Bind(parse)));
    }

    public static Command Create() => new ReportCommand().Command;

    /// <summary>The settings of a parse without errors; the technology, non-idealities and model files are read and checked here.</summary>
    public ReportSettings Bind(ParseResult parse)
    {
        var technology = PpaInputs.LoadTechnology(parse.GetValue(_tech));
        var design = PpaInputs.Design(parse.GetValue(_nonIdeal), technology, parse.GetValue(_ideal));
        var circuit = design.Circuit;
        var models = ModelList.Parse(parse.GetValue(_models)!, parse.GetValue(_weightsDir), "--models");
        var dataset = _dataset.Bind(parse);
        var target = OutputOptions.Target("report", parse.GetValue(_force),
            [.. models.Select(m => m.Path), parse.GetValue(_nonIdeal), parse.GetValue(_tech), DataSetOption.Folder(dataset)]);
        return new ReportSettings(models, parse.GetValue(_images), technology, circuit, parse.GetValue(_threads), dataset, parse.GetValue(_output)!, target,
            parse.GetValue(_tech), parse.GetValue(_nonIdeal), parse.GetValue(_ideal), design.ReadTimeSeconds);
    }
}
