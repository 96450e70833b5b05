using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>K: coupling factor k of two inductors (M = k·√(L1·L2)); it has no nodes of its own.</summary>
internal sealed record MutualInductanceElement(string Name, string Inductor1, string Inductor2, double Coupling) : Element(Name)
{
    public override IReadOnlyList<string> Nodes => [];
    public override Element WithNodes(IReadOnlyList<string> nodes) => this;
}

/// <summary>
/// K cards: two linear inductors of the same level and a coupling factor k. As ngspice 39, |k| &gt; 1 is accepted (with a
/// warning: such a coupling is not passive, and a circuit with it usually grows without bound, in ngspice too).
/// </summary>
internal sealed class MutualInductanceKind : ElementKind<MutualInductanceElement>
{
    public override char? Letter => 'k';

    public override Element Read(ElementCard card)
    {
        const string usage = "K<name> L<first> L<second> k (coupling factor, |k| <= 1 for coupled coils)";
        var reader = card.Reader;
        var first = reader.Peek;
        string l1 = card.Namer.Element(reader.Name("first inductor", usage));
        var second = reader.Peek;
        string l2 = card.Namer.Element(reader.Name("second inductor", usage));
        foreach (var (token, l) in new[] { (first, l1), (second, l2) })
        {
            if (l.Length == 0 || char.ToLowerInvariant(token!.Text[0]) != 'l')
                throw reader.Error(token, $"'{token!.Text}' is not an inductor name", usage);
        }
        if (l1 == l2) throw reader.Error(second, "an inductor cannot be coupled to itself", usage);
        var kToken = reader.Peek;
        double k = reader.Value("coupling factor", usage);
        reader.ExpectEnd(usage);
        if (!double.IsFinite(k)) throw reader.Error(kToken, $"coupling factor {k} is not a finite number", usage);
        return new MutualInductanceElement(card.Name, l1, l2, k);
    }

    protected override void CheckReferences(MutualInductanceElement k, ReferenceContext context)
    {
        foreach (var l in new[] { k.Inductor1, k.Inductor2 })
        {
            if (context.Find(l) is not InductorElement)
                context.Diagnostics.Error(k.Location, l, $"{k.Name} couples '{l}', which is not a linear inductor of the circuit",
                    "K couples two L elements with fixed values (in the same subcircuit)");
        }
    }

    protected override IEnumerable<string> FormatValues(MutualInductanceElement k) => [k.Inductor1, k.Inductor2, N(k.Coupling)];

    protected override Engine.Core.Entity ToEngine(MutualInductanceElement k, ElaborationContext context)
    {
        if (Math.Abs(k.Coupling) > 1)
            context.Diagnostics.Warn(k.Location, k.Name, $"coupling factor {k.Coupling:G6} is larger than 1 in magnitude: the coupled inductors are not passive",
                "ngspice 39 accepts it too; physical coils have |k| <= 1");
        double Inductance(string name) => ((InductorElement)context.Netlist.FindElement(name)!).InductanceAt(context.Celsius, context.NominalCelsius);
        return new Engine.Components.MutualInductance(k.Name, k.Inductor1, k.Inductor2, k.Coupling * Math.Sqrt(Inductance(k.Inductor1) * Inductance(k.Inductor2)));
    }
}
