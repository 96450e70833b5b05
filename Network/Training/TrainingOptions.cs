namespace MemristorSpice.Network.Training;

/// <summary>Parameter update rule used for training.</summary>
public enum OptimizerKind
{
    /// <summary>Adam with decoupled weight decay (AdamW).</summary>
    Adam,
    /// <summary>Stochastic gradient descent with heavy-ball momentum.</summary>
    Sgd,
}
/// <summary>Learning-rate schedule over the training steps.</summary>
public enum ScheduleKind
{
    /// <summary>One-cycle: warm-up to the peak rate, then annealing to nearly zero.</summary>
    OneCycle,
    /// <summary>Cosine annealing from the peak rate down to zero.</summary>
    Cosine,
}

/// <summary>Hyper-parameters of a training run. Defaults are the reference recipe of docs/assumptions.md: Adam + one-cycle, batch 128.</summary>
public sealed record TrainingOptions
{
    /// <summary>Number of passes over the training set.</summary>
    public int Epochs { get; init; } = 8;
    /// <summary>Samples per optimiser step.</summary>
    public int BatchSize { get; init; } = 128;
    /// <summary>Seed of the shuffling and any other random choice of the run.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Parameter update rule.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;
    /// <summary>Learning-rate schedule.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.OneCycle;
    /// <summary>Peak learning rate reached by the schedule.</summary>
    public float MaxLearningRate { get; init; } = 0.01f;
    /// <summary>Momentum coefficient of SGD (unused by Adam).</summary>
    public float Momentum { get; init; } = 0.9f;
    /// <summary>Weight decay coefficient on multi-dimensional parameters (decoupled for Adam, L2 for SGD); biases and BatchNorm are not decayed.</summary>
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
    /// <summary>Device and converter non-idealities injected into every mini-batch (hardware-aware training); null = none.</summary>
    public HardwareNoiseOptions? HardwareNoise { get; init; }
    /// <summary>Evaluate on the test set after each epoch (costs one forward pass over it).</summary>
    public bool EvaluateEachEpoch { get; init; } = true;

    /// <summary>New optimiser of the chosen kind with these options.</summary>
    public IOptimizer CreateOptimizer() => Optimizer switch
    {
        OptimizerKind.Adam => new Adam(weightDecay: WeightDecay),
        _ => new SgdMomentum(Momentum, WeightDecay),
    };

    /// <summary>New learning-rate schedule of the chosen kind peaking at <see cref="MaxLearningRate"/>.</summary>
    public ILearningRateSchedule CreateSchedule() => Schedule switch
    {
        ScheduleKind.OneCycle => new OneCycleSchedule(MaxLearningRate),
        _ => new CosineSchedule(MaxLearningRate),
    };
}

/// <summary>Progress after each batch: running means of loss and accuracy over the epoch so far.</summary>
/// <param name="Epoch">Current epoch, from 1.</param>
/// <param name="Epochs">Epochs in the run.</param>
/// <param name="Batch">Batches done in this epoch, from 1.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">Mean training loss so far this epoch.</param>
/// <param name="Accuracy">Training accuracy so far this epoch, 0 to 1.</param>
/// <param name="LearningRate">Learning rate of the last step.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double Accuracy, float LearningRate);

/// <summary>One row of the training log (one per epoch); the validation accuracy is set when a hold-out set is used.</summary>
/// <param name="Epoch">Epoch number, from 1.</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="TrainAccuracy">Training accuracy over the epoch, 0 to 1.</param>
/// <param name="TestAccuracy">Test accuracy after the epoch, 0 to 1, or null when not evaluated.</param>
/// <param name="LearningRate">Learning rate of the epoch's last step.</param>
/// <param name="Seconds">Wall-clock time of the epoch, in seconds.</param>
/// <param name="ValidationAccuracy">Accuracy on the hold-out set, 0 to 1, or null without one.</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double TrainAccuracy, double? TestAccuracy, float LearningRate, double Seconds,
    double? ValidationAccuracy = null);

/// <summary>The per-epoch training log, writable as CSV.</summary>
public sealed class TrainingLog
{
    /// <summary>Records in epoch order.</summary>
    public List<EpochRecord> Epochs { get; } = [];
    /// <summary>Training wall time summed over the epochs, in seconds.</summary>
    public double TotalSeconds => Epochs.Sum(e => e.Seconds);

    /// <summary>Column names of the CSV written by <see cref="ToCsv"/>.</summary>
    public const string CsvHeader = "epoch,train_loss,train_accuracy,test_accuracy,learning_rate,seconds,validation_accuracy";

    /// <summary>Epoch whose weights were kept (best validation accuracy), or null when no validation set was used.</summary>
    public int? SelectedEpoch { get; set; }

    /// <summary>Log as CSV text (invariant culture, header first, empty cells for missing accuracies).</summary>
    public string ToCsv()
    {
        var ic = System.Globalization.CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder(CsvHeader).Append('\n');
        foreach (var e in Epochs)
            sb.Append(ic, $"{e.Epoch},{e.TrainLoss:F6},{e.TrainAccuracy:F6},{(e.TestAccuracy is { } t ? t.ToString("F6", ic) : "")},{e.LearningRate:G6},{e.Seconds:F2},{(e.ValidationAccuracy is { } v ? v.ToString("F6", ic) : "")}\n");
        return sb.ToString();
    }

    /// <summary>Writes the CSV to <paramref name="path"/>, replacing the file.</summary>
    public void WriteCsv(string path) => File.WriteAllText(path, ToCsv());
}
