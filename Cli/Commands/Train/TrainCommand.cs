using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Network;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Cli.Commands.Train;

/// <summary>
/// <c>memspice train</c>: trains a model of the zoo on MNIST and writes its weights file and log. This class declares
/// the options and binds them into <see cref="TrainSettings"/>; <see cref="TrainHandler"/> runs them.
/// </summary>
internal sealed class TrainCommand
{
    private readonly Option<string> _model = new Option<string>("--model") { Description = "Model to train.", Required = true }
        .AcceptOnlyFromAmong([.. ModelZoo.Names]);
    private readonly Option<int> _epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 8 }.InRange();
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of initialization and shuffling (same seed, same weights).", DefaultValueFactory = _ => 1 };
    private readonly Option<int> _batch = new Option<int>("--batch") { Description = "Mini-batch size.", DefaultValueFactory = _ => 128 }.InRange();
    private readonly Option<double?> _lr = new Option<double?>("--lr") { Description = "Peak learning rate of the schedule (default: 0.003 for lenet, 0.01 otherwise)." }.InRange();
    private readonly Option<string> _optimizer = new Option<string>("--optimizer") { Description = "adam or sgd (momentum 0.9).", DefaultValueFactory = _ => "adam" }
        .AcceptOnlyFromAmong("adam", "sgd");
    private readonly Option<string> _schedule = new Option<string>("--schedule") { Description = "Learning-rate schedule: onecycle or cosine.", DefaultValueFactory = _ => "onecycle" }
        .AcceptOnlyFromAmong("onecycle", "cosine");
    private readonly Option<int?> _limit = new Option<int?>("--train-images") { Description = "Use only the first N training images (quick runs)." }.InRange();
    private readonly Option<string?> _hardwareAware = HardwareAwareOption.Create();
    private readonly DataSetOption _dataset = new();
    private readonly Option<string> _output = new("--out") { Description = "Weights file to write (.msw).", Required = true };
    private readonly Option<string?> _log = TrainingOutputs.LogOption();
    private readonly Option<bool> _force = OutputOptions.Force(folder: false);

    /// <summary>The command with its options and action (bind, then run).</summary>
    public Command Command { get; }

    public TrainCommand()
    {
        Command = new Command("train", "Train a CNN (msccnn, lenet, fcn) in float math and write its weights file.")
        {
            _model, _epochs, _seed, _batch, _lr, _optimizer, _schedule, _limit, _hardwareAware, _dataset.Spec, _dataset.Mean, _dataset.Std, _output, _log, _force,
        };
        Command.SetAction(parse => new TrainHandler(Terminal.For(parse.InvocationConfiguration.Output)).Run(Bind(parse)));
    }

    public static Command Create() => new TrainCommand().Command;

    /// <summary>The settings of a parse without errors.</summary>
    public TrainSettings Bind(ParseResult parse)
    {
        var outPath = parse.GetValue(_output)!;
        return new TrainSettings(
            Model: parse.GetValue(_model)!,
            Epochs: parse.GetValue(_epochs),
            Seed: parse.GetValue(_seed),
            BatchSize: parse.GetValue(_batch),
            LearningRate: parse.GetValue(_lr),
            Optimizer: parse.GetValue(_optimizer) == "sgd" ? OptimizerKind.Sgd : OptimizerKind.Adam,
            Schedule: parse.GetValue(_schedule) == "cosine" ? ScheduleKind.Cosine : ScheduleKind.OneCycle,
            TrainImages: parse.GetValue(_limit),
            HardwareAwarePath: parse.GetValue(_hardwareAware),
            Dataset: _dataset.Bind(parse),
            OutPath: outPath,
            LogPath: TrainingOutputs.LogPathOf(outPath, parse.GetValue(_log)),
            Force: parse.GetValue(_force),
            CommandLine: "memspice " + string.Join(' ', parse.Tokens.Select(t => t.Value)));
    }
}
