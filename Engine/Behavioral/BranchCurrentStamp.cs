using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Behavioral;

/// <summary>
/// Newton stamp of a two-terminal current i = I(v, f(x)) from p to n whose value f depends on circuit unknowns
/// (behavioral R and C): linearized as i ≈ i0 + ∂I/∂v·(v − v0) + Σ_k ∂I/∂f·∂f/∂x_k·(x_k − x_k0).
/// </summary>
internal sealed class BranchCurrentStamp
{
    private int p, n;
    private BoundFunction f = null!;
    private ConductanceStamp _s;
    private MatrixElement[] _pk = [], _nk = [];

    /// <summary>Takes the matrix handles of nodes p, n and of every unknown f depends on (f must be bound).</summary>
    public void Bind(SetupContext setup, int positive, int negative, BoundFunction function)
    {
        (p, n, f) = (positive, negative, function);
        _s = new ConductanceStamp(setup, p, n);
        _pk = f.Unknowns.Select(k => setup.Element(p, k)).ToArray();
        _nk = f.Unknowns.Select(k => setup.Element(n, k)).ToArray();
    }

    /// <param name="ctx">Load context of the current Newton iteration.</param>
    /// <param name="v">Branch voltage v(p) − v(n) of this iterate, Volts.</param>
    /// <param name="current">I at this iterate, Amperes.</param>
    /// <param name="dIdV">∂I/∂v, Siemens.</param>
    /// <param name="dIdF">∂I/∂f, multiplies the gradient of f evaluated last.</param>
    public void Load(LoadContext ctx, double v, double current, double dIdV, double dIdF)
    {
        _s.Add(ctx, dIdV);
        double constant = current - dIdV * v;
        var gradient = f.Gradient;
        var x = ctx.Solution;
        for (int k = 0; k < gradient.Length; k++)
        {
            double gk = dIdF * gradient[k];
            ctx.Add(_pk[k], gk);
            ctx.Add(_nk[k], -gk);
            constant -= gk * x[f.Unknowns[k]];
        }
        ctx.AddRhs(p, -constant);
        ctx.AddRhs(n, constant);
    }
}
