using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>An element with a positive and a negative pin.</summary>
public abstract class TwoTerminal : Entity
{
    /// <summary>Element with the given netlist name connected between the nodes positive and negative.</summary>
    protected TwoTerminal(string name, string positive, string negative) : base(name)
    {
        Positive = positive; Negative = negative;
    }

    /// <summary>Node of the positive pin; positive current flows into the element here.</summary>
    public string Positive { get; }
    /// <summary>Node of the negative pin.</summary>
    public string Negative { get; }
    /// <inheritdoc/>
    public override IReadOnlyList<string> Nodes => [Positive, Negative];
}

/// <summary>Handles of a conductance stamp between two unknowns.</summary>
public readonly struct ConductanceStamp
{
    /// <summary>Matrix entries (p,p), (p,n), (n,p), (n,n) of the two nodes.</summary>
    public readonly MatrixElement PP, PN, NP, NN;

    /// <summary>Reserves the four matrix entries between unknowns p and n (ground entries are discarded by the setup).</summary>
    public ConductanceStamp(SetupContext setup, int p, int n)
    {
        PP = setup.Element(p, p); PN = setup.Element(p, n); NP = setup.Element(n, p); NN = setup.Element(n, n);
    }

    /// <summary>Adds conductance g in Siemens between the two nodes.</summary>
    public void Add(LoadContext ctx, double g) => ctx.AddConductance(PP, PN, NP, NN, g);
}

/// <summary>Handles of a branch unknown b attached to nodes p, n: KCL columns and the branch-equation row.</summary>
public readonly struct BranchStamp
{
    /// <summary>Matrix entries (p,b), (n,b) of the KCL rows and (b,p), (b,n) of the branch row.</summary>
    public readonly MatrixElement PB, NB, BP, BN;

    /// <summary>Reserves the entries that tie branch unknown b to nodes p and n.</summary>
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
