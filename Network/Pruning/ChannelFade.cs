using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Network.Pruning;

/// <summary>
/// Gradual removal of depthwise channels (in the spirit of gradual pruning, Zhu and Gupta 2017, "To prune, or not
/// to prune"): during a training run the BatchNorm scale γ and shift β after each selected depthwise channel are
/// held at keep(t)·(their values at the start), with keep falling linearly from 1 to 0 over the first
/// <see cref="FadeFraction"/> of the steps and staying 0 afterwards, while the rest of the network trains and takes
/// over their job. At γ = β = 0 the channel's BatchNorm output is 0 at every pixel (ReLU(0) = 0 downstream), so
/// removing it afterwards with <see cref="DepthwisePruner.Prune"/> does not change the network's output at all.
/// </summary>
internal sealed class ChannelFade
{
    private readonly List<(BatchNorm Bn, int Channel, float Gamma, float Beta)> _targets = [];

    public ChannelFade(Model model, IReadOnlyDictionary<string, int[]> remove, double fadeFraction = 2.0 / 3)
    {
        if (fadeFraction is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(fadeFraction), $"Fade fraction {fadeFraction} must be in (0, 1].");
        FadeFraction = fadeFraction;
        foreach (var (name, channels) in remove)
        {
            var bn = DepthwisePruner.BatchNormAfter(model, name)
                ?? throw new InvalidOperationException($"Depthwise layer '{name}' has no BatchNorm after it to fade its channels out.");
            foreach (int c in channels) _targets.Add((bn, c, bn.Gamma.Value[c], bn.Beta.Value[c]));
        }
    }

    /// <summary>Share of the run's steps over which the channels fade to zero.</summary>
    public double FadeFraction { get; }

    /// <summary>keep(step) = max(0, 1 − step/(FadeFraction·total)): exactly 0 once step ≥ FadeFraction·total.</summary>
    public float Keep(int step, int total) => (float)Math.Max(0, 1 - step / (FadeFraction * total));

    /// <summary>For <see cref="MemristorSpice.Network.Training.TrainingOptions.AfterStep"/>: overrides the optimiser's update of the faded channels.</summary>
    public void AfterStep(int step, int total) => Apply(Keep(step, total));

    public void Apply(float keep)
    {
        foreach (var (bn, c, gamma, beta) in _targets)
        {
            bn.Gamma.Value[c] = keep * gamma;
            bn.Beta.Value[c] = keep * beta;
        }
    }
}
