using System.Numerics.Tensors;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Network.Training;

/// <summary>Updates trainable parameters from their gradients at a given learning rate.</summary>
public interface IOptimizer
{
    /// <summary>Applies one update to every parameter from its accumulated gradient; <paramref name="learningRate"/> is the step size.</summary>
    void Step(IReadOnlyList<Parameter> parameters, float learningRate);
}

/// <summary>Adam with decoupled weight decay (AdamW); weight decay is skipped for 1-D parameters (biases, BN).</summary>
public sealed class Adam(float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f) : IOptimizer
{
    private readonly Dictionary<Parameter, (float[] M, float[] V)> _state = new(ReferenceEqualityComparer.Instance);
    private int _t;

    /// <inheritdoc/>
    public void Step(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        _t++;
        float c1 = 1f - MathF.Pow(beta1, _t), c2 = 1f - MathF.Pow(beta2, _t);
        Par.For(parameters.Count, i =>
        {
            var p = parameters[i];
            (float[] m, float[] v) s;
            lock (_state)
            {
                if (!_state.TryGetValue(p, out s)) { s = (new float[p.Size], new float[p.Size]); _state[p] = s; }
            }
            bool decay = weightDecay > 0 && p.Shape.Length > 1;
            var scale = p.StepScale;
            for (int j = 0; j < p.Size; j++)
            {
                float g = p.Grad[j];
                s.m[j] = beta1 * s.m[j] + (1 - beta1) * g;
                s.v[j] = beta2 * s.v[j] + (1 - beta2) * g * g;
                float update = (s.m[j] / c1) / (MathF.Sqrt(s.v[j] / c2) + epsilon);
                if (decay) update += weightDecay * p.Value[j];
                // Adam is invariant to a constant rescaling of a gradient, so with w = c·u the step in u is the
                // ordinary step and the step in w is c times it (c = StepScale).
                p.Value[j] -= learningRate * update * (scale is null ? 1f : scale[j]);
            }
        });
    }
}

/// <summary>SGD with (heavy-ball) momentum and L2 weight decay on multi-dimensional parameters.</summary>
internal sealed class SgdMomentum(float momentum = 0.9f, float weightDecay = 0f) : IOptimizer
{
    private readonly Dictionary<Parameter, float[]> _velocity = new(ReferenceEqualityComparer.Instance);

    public void Step(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        foreach (var p in parameters)
        {
            if (!_velocity.TryGetValue(p, out var v)) _velocity[p] = v = new float[p.Size];
            if (weightDecay > 0 && p.Shape.Length > 1) TensorPrimitives.MultiplyAdd(p.Value, weightDecay, p.Grad, p.Grad);
            // Gradient descent in u with w = c·u: ∂L/∂u = c·∂L/∂w and Δw = c·Δu, so the gradient is scaled by c².
            if (p.StepScale is { } c)
                for (int j = 0; j < p.Size; j++) p.Grad[j] *= c[j] * c[j];
            TensorPrimitives.MultiplyAdd(v, momentum, p.Grad, v);            // v = μ·v + g
            TensorPrimitives.MultiplyAdd(v, -learningRate, p.Value, p.Value); // w -= lr·v
        }
    }
}

/// <summary>Learning rate as a function of the optimisation step.</summary>
public interface ILearningRateSchedule
{
    /// <summary>Learning rate for step <paramref name="step"/> (0-based) of a run of <paramref name="totalSteps"/> steps.</summary>
    float Rate(int step, int totalSteps);
}

/// <summary>
/// One-cycle policy (Smith 2018, PyTorch OneCycleLR defaults): cosine warm-up from max/25 to max over the first
/// 30 % of steps, then cosine annealing down to max/(25·10⁴).
/// </summary>
internal sealed class OneCycleSchedule(float maxRate, float warmupFraction = 0.3f, float divFactor = 25f, float finalDivFactor = 1e4f) : ILearningRateSchedule
{
    public float Rate(int step, int totalSteps)
    {
        float start = maxRate / divFactor, end = start / finalDivFactor;
        int warm = Math.Max(1, (int)(warmupFraction * totalSteps));
        if (step < warm) return Cos(start, maxRate, (float)step / warm);
        return Cos(maxRate, end, (float)(step - warm) / Math.Max(1, totalSteps - warm));
    }

    private static float Cos(float from, float to, float t) => to + (from - to) * 0.5f * (1 + MathF.Cos(MathF.PI * Math.Clamp(t, 0, 1)));
}

/// <summary>Cosine annealing from the base rate to <paramref name="minRate"/> over all steps.</summary>
internal sealed class CosineSchedule(float baseRate, float minRate = 0f) : ILearningRateSchedule
{
    public float Rate(int step, int totalSteps) =>
        minRate + (baseRate - minRate) * 0.5f * (1 + MathF.Cos(MathF.PI * Math.Clamp((float)step / Math.Max(1, totalSteps), 0, 1)));
}
