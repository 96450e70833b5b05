namespace MemristorSpice.Network.Training;

public enum OptimizerKind { Adam, Sgd }
public enum ScheduleKind { OneCycle, Cosine }

/// <summary>Hyper-parameters of a training run. Defaults are the reference recipe of docs/assumptions.md: Adam + one-cycle, batch 128.</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 8;
    public int BatchSize { get; init; } = 128;
    public int Seed { get; init; } = 1;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;
    public ScheduleKind Schedule { get; init; } = ScheduleKind.OneCycle;
    public float MaxLearningRate { get; init; } = 0.01f;
    public float Momentum { get; init; } = 0.9f;
    public float WeightDecay { get; init; } = 1e-4f;
    /// <summary>
    /// L1 penalty λ·|γ| on the BatchNorm scales of <see cref="SparsityLayers"/> (network slimming, Liu et al. 2017):
    /// drives unimportant channels' γ towards zero before pruning. 0 disables it.
    /// </summary>
    public float SparsityL1 { get; init; }
    /// <summary>BatchNorm layer names the L1 penalty applies to.</summary>
    public IReadOnlyList<string> SparsityLayers { get; init; } = [];
    /// <summary>Knowledge distillation from a teacher's logits (null: plain cross-entropy on the labels).</summary>
    public Distillation? Distillation { get; init; }
    /// <summary>Called after every optimiser step with (steps done, total steps), e.g. to fade out channels being pruned.</summary>
    public Action<int, int>? AfterStep { get; init; }
    /// <summary>Evaluate on the test set after each epoch (costs one forward pass over it).</summary>
    public bool EvaluateEachEpoch { get; init; } = true;

    public IOptimizer CreateOptimizer() => Optimizer switch
    {
        OptimizerKind.Adam => new Adam(weightDecay: WeightDecay),
        _ => new SgdMomentum(Momentum, WeightDecay),
    };

    public ILearningRateSchedule CreateSchedule() => Schedule switch
    {
        ScheduleKind.OneCycle => new OneCycleSchedule(MaxLearningRate),
        _ => new CosineSchedule(MaxLearningRate),
    };
}

/// <summary>Progress after each batch: running means of loss and accuracy over the epoch so far.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double Accuracy, float LearningRate);

/// <summary>One row of the training log (one per epoch); the validation accuracy is set when a hold-out set is used.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double TrainAccuracy, double? TestAccuracy, float LearningRate, double Seconds,
    double? ValidationAccuracy = null);

/// <summary>The per-epoch training log, writable as CSV.</summary>
public sealed class TrainingLog
{
    public List<EpochRecord> Epochs { get; } = [];
    public double TotalSeconds => Epochs.Sum(e => e.Seconds);

    public const string CsvHeader = "epoch,train_loss,train_accuracy,test_accuracy,learning_rate,seconds,validation_accuracy";

    /// <summary>Epoch whose weights were kept (best validation accuracy), or null when no validation set was used.</summary>
    public int? SelectedEpoch { get; set; }

    public string ToCsv()
    {
        var ic = System.Globalization.CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder(CsvHeader).Append('\n');
        foreach (var e in Epochs)
            sb.Append(ic, $"{e.Epoch},{e.TrainLoss:F6},{e.TrainAccuracy:F6},{(e.TestAccuracy is { } t ? t.ToString("F6", ic) : "")},{e.LearningRate:G6},{e.Seconds:F2},{(e.ValidationAccuracy is { } v ? v.ToString("F6", ic) : "")}\n");
        return sb.ToString();
    }

    public void WriteCsv(string path) => File.WriteAllText(path, ToCsv());
}
