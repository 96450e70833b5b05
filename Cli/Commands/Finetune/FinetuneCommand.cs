using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Network;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Cli.Commands.Finetune;

/// <summary>
/// <c>memspice finetune</c>: continues training a loaded model (for example a pruned one). This class declares the
/// options and binds them into <see cref="FinetuneSettings"/>; <see cref="FinetuneHandler"/> runs them.
/// </summary>
internal sealed class FinetuneCommand
{
    private readonly Option<string> _weights = new Option<string>("--weights") { Description = "Weights file (.msw, or an .onnx model) to continue training.", Required = true }.ExistingFile();
    private readonly Option<int> _epochs = new Option<int>("--epochs") { Description = "Training epochs.", Required = true }.InRange();
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the shuffling.", DefaultValueFactory = _ => 1 };
    private readonly Option<double> _lr = new Option<double>("--lr") { Description = "Peak learning rate of the one-cycle schedule.", DefaultValueFactory = _ => 0.002 }.InRange();
    private readonly Option<string> _schedule = new Option<string>("--schedule") { Description = "Learning-rate schedule: onecycle or cosine.", DefaultValueFactory = _ => "onecycle" }
        .AcceptOnlyFromAmong("onecycle", "cosine");
    private readonly Option<string?> _teacher = new("--teacher") { Description = "Weights file (.msw, or an .onnx model) of a teacher network for knowledge distillation (e.g. the unpruned model)." };
    private readonly Option<double> _distill = new Option<double>("--distill") { Description = "Weight α of the distillation loss (needs --teacher).", DefaultValueFactory = _ => 0.7 }.InRange();
    private readonly Option<double> _temperature = new Option<double>("--temperature") { Description = "Distillation temperature T.", DefaultValueFactory = _ => 4.0 }.InRange();
    private readonly Option<int> _validationImages = new Option<int>("--validation-images") { Description = "Training images held out (seed 1) to pick the best epoch; 0 keeps the last epoch.", DefaultValueFactory = _ => 0 }.InRange();
    private readonly Option<string?> _hardwareAware = HardwareAwareOption.Create();
    private readonly DataSetOption _dataset = new();
    private readonly Option<string> _output = new("--out") { Description = "Weights file to write (.msw).", Required = true };
    private readonly Option<string?> _log = TrainingOutputs.LogOption();
    private readonly Option<bool> _force = OutputOptions.Force(folder: false);

    /// <summary>The command with its options and action (bind, then run).</summary>
    public Command Command { get; }

    public FinetuneCommand()
    {
        _teacher.Validators.Add(r => { if (r.GetValueOrDefault<string?>() is { } t && !File.Exists(t)) r.AddError($"--teacher: file not found: {t}"); });
        Command = new Command("finetune", "Continue training a trained or pruned model (Adam + one-cycle) and write its weights.")
        {
            _weights, _epochs, _seed, _lr, _schedule, _teacher, _distill, _temperature, _validationImages, _hardwareAware, _dataset.Spec, _dataset.Mean, _dataset.Std, _output, _log, _force,
        };
        Command.SetAction(parse => new FinetuneHandler(Terminal.For(parse.InvocationConfiguration.Output)).Run(Bind(parse)));
    }

    public static Command Create() => new FinetuneCommand().Command;

    /// <summary>The settings of a parse without errors.</summary>
    public FinetuneSettings Bind(ParseResult parse)
    {
        var outPath = parse.GetValue(_output)!;
        return new FinetuneSettings(
            WeightsPath: parse.GetValue(_weights)!,
            Epochs: parse.GetValue(_epochs),
            Seed: parse.GetValue(_seed),
            LearningRate: parse.GetValue(_lr),
            Schedule: parse.GetValue(_schedule) == "cosine" ? ScheduleKind.Cosine : ScheduleKind.OneCycle,
            Teacher: parse.GetValue(_teacher) is { } teacher ? new TeacherSettings(teacher, parse.GetValue(_distill), parse.GetValue(_temperature)) : null,
            ValidationImages: parse.GetValue(_validationImages),
            HardwareAwarePath: parse.GetValue(_hardwareAware),
            Dataset: _dataset.Bind(parse, parse.GetValue(_weights)!),
            OutPath: outPath,
            LogPath: TrainingOutputs.LogPathOf(outPath, parse.GetValue(_log)),
            Force: parse.GetValue(_force),
            CommandLine: "memspice " + string.Join(' ', parse.Tokens.Select(t => t.Value)));
    }
}
