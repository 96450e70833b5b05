using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Network;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Pruning;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Cli.Commands.Prune;

/// <summary>
/// <c>memspice prune</c>: removes whole depthwise crossbars (channels) and fine-tunes. This class declares the options
/// and binds them into <see cref="PruneSettings"/>; <see cref="PruneHandler"/> runs the settings.
/// </summary>
internal sealed class PruneCommand
{
    private readonly Option<string> _weights = new Option<string>("--weights") { Description = "Trained weights file (.msw) with depthwise layers.", Required = true }.ExistingFile();
    private readonly Option<double?> _ratio = new Option<double?>("--ratio") { Description = "Share of depthwise channels to remove in each depthwise layer." }.InRange();
    private readonly Option<double?> _maxDrop = new Option<double?>("--max-drop") { Description = "Largest allowed test-accuracy drop in percentage points; searches the largest ratio within it." }.InRange();
    private readonly Option<string?> _remove = new("--remove") { Description = "Channels to remove per depthwise layer, e.g. dw1=8,dw2=40 (instead of --ratio)." };
    private readonly Option<string> _criterion = new Option<string>("--criterion") { Description = "Channel ranking: bn (|BN scale|) or l1 (L1 norm of the kernel).", DefaultValueFactory = _ => "bn" }
        .AcceptOnlyFromAmong("bn", "l1");
    private readonly Option<int> _finetune = new Option<int>("--finetune-epochs") { Description = "Fine-tuning epochs after removal.", DefaultValueFactory = _ => 3 }.InRange();
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the fine-tuning shuffles.", DefaultValueFactory = _ => 1 };
    private readonly Option<double> _lr = new Option<double>("--lr") { Description = "Peak learning rate of the fine-tuning schedule.", DefaultValueFactory = _ => 0.002 }.InRange();
    private readonly Option<string> _schedule = new Option<string>("--schedule") { Description = "Fine-tuning learning-rate schedule: onecycle or cosine.", DefaultValueFactory = _ => "onecycle" }
        .AcceptOnlyFromAmong("onecycle", "cosine");
    private readonly Option<int> _sparsityEpochs = new Option<int>("--sparsity-epochs") { Description = "Epochs of L1 on the depthwise BatchNorm scales before removal (0: none).", DefaultValueFactory = _ => 3 }.InRange();
    private readonly Option<int> _fadeEpochs = new Option<int>("--fade-epochs") { Description = "Epochs over which the chosen channels fade to zero in the full-size model before the cut (0: cut at once).", DefaultValueFactory = _ => 0 }.InRange();
    private readonly Option<double> _distill = new Option<double>("--distill") { Description = "Weight α of the distillation loss (teacher: the unpruned model) during fine-tuning; 0 uses the labels only.", DefaultValueFactory = _ => 0.0 }.InRange();
    private readonly Option<double> _temperature = new Option<double>("--temperature") { Description = "Distillation temperature T.", DefaultValueFactory = _ => 4.0 }.InRange();
    private readonly Option<int> _validationImages = new Option<int>("--validation-images") { Description = "Training images held out to pick the fine-tuning epoch (and the ratio with --max-drop); 0 selects on the test set.", DefaultValueFactory = _ => 5000 }.InRange();
    private readonly DataSetOption _dataset = new();
    private readonly Option<string> _output = new("--out") { Description = "Pruned weights file to write (.msw).", Required = true };
    private readonly Option<string?> _log = TrainingOutputs.LogOption();
    private readonly Option<bool> _force = OutputOptions.Force(folder: false);

    /// <summary>The command with its options, the one-of rule and the action (bind, then run).</summary>
    public Command Command { get; }

    public PruneCommand()
    {
        Command = new Command("prune", "Prune whole depthwise crossbars of a trained model, fine-tune, and report crossbars, memristors and accuracy before/after.")
        {
            _weights, _ratio, _remove, _maxDrop, _criterion, _sparsityEpochs, _fadeEpochs, _finetune, _seed, _lr, _schedule, _distill, _temperature,
            _validationImages, _dataset.Spec, _dataset.Mean, _dataset.Std, _output, _log, _force,
        };
        Command.Validators.Add(r =>
        {
            int given = new[] { r.GetResult(_ratio) is not null, r.GetResult(_maxDrop) is not null, r.GetResult(_remove) is not null }.Count(b => b);
            if (given != 1) r.AddError("Give exactly one of --ratio, --remove and --max-drop.");
        });
        Command.SetAction(parse => new PruneHandler(Terminal.For(parse.InvocationConfiguration.Output)).Run(Bind(parse)));
    }

    public static Command Create() => new PruneCommand().Command;

    /// <summary>The settings of a parse without errors (the parser has already checked ranges, choices and the one-of rule).</summary>
    public PruneSettings Bind(ParseResult parse)
    {
        var outPath = parse.GetValue(_output)!;
        return new PruneSettings(
            WeightsPath: parse.GetValue(_weights)!,
            Amount: new PruneAmount(parse.GetValue(_ratio), parse.GetValue(_remove), parse.GetValue(_maxDrop)),
            Criterion: parse.GetValue(_criterion) == "l1" ? PruningCriterion.L1Norm : PruningCriterion.BatchNormScale,
            FineTuneEpochs: parse.GetValue(_finetune),
            Seed: parse.GetValue(_seed),
            LearningRate: parse.GetValue(_lr),
            Schedule: parse.GetValue(_schedule) == "cosine" ? ScheduleKind.Cosine : ScheduleKind.OneCycle,
            SparsityEpochs: parse.GetValue(_sparsityEpochs),
            FadeEpochs: parse.GetValue(_fadeEpochs),
            DistillWeight: parse.GetValue(_distill),
            DistillTemperature: parse.GetValue(_temperature),
            ValidationImages: parse.GetValue(_validationImages),
            Dataset: _dataset.Bind(parse, parse.GetValue(_weights)!),
            OutPath: outPath,
            LogPath: TrainingOutputs.LogPathOf(outPath, parse.GetValue(_log)),
            Force: parse.GetValue(_force),
            CommandLine: "memspice " + string.Join(' ', parse.Tokens.Select(t => t.Value)));
    }
}
