using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>An element with a positive and a negative pin.</summary>
public abstract class TwoTerminal : Entity
{
    protected TwoTerminal(string name, string positive, string negative) : base(name)
    {
        Positive = positive; Negative = negative;
    }

    public string Positive { get; }
    public string Negative { get; }
    public override IReadOnlyList<string> Nodes => [Positive, Negative];
}

/// <summary>Handles of a conductance stamp between two unknowns.</summary>
public readonly struct ConductanceStamp
{
    public readonly MatrixElement PP, PN, NP, NN;

    public ConductanceStamp(SetupContext setup, int p, int n)
    {
        PP = setup.Element(p, p); PN = setup.Element(p, n); NP = setup.Element(n, p); NN = setup.Element(n, n);
    }

    public void Add(LoadContext ctx, double g) => ctx.AddConductance(PP, PN, NP, NN, g);
}

/// <summary>Handles of a branch unknown b attached to nodes p, n: KCL columns and the branch-equation row.</summary>
public readonly struct BranchStamp
{
    public readonly MatrixElement PB, NB, BP, BN;

    public BranchStamp(SetupContext setup, int p, int n, int b)
    {
        PB = setup.Element(p, b); NB = setup.Element(n, b); BP = setup.Element(b, p); BN = setup.Element(b, n);
    }

    /// <summary>Branch current leaves p and enters n; branch row holds v(p) − v(n).</summary>
    public void Add(LoadContext ctx)
    {
        ctx.Add(PB, 1); ctx.Add(NB, -1); ctx.Add(BP, 1); ctx.Add(BN, -1);
    }
}
