using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Elements;

/// <summary>
/// B: behavioral voltage (IsVoltage) or current source; also what E/G value=, TABLE and POLY and F/H POLY cards read
/// into. Compiled by BehavioralCompiler and run by the engine.
/// </summary>
internal sealed record BehavioralSourceElement(string Name, string Positive, string Negative, bool IsVoltage, Expr Expression) : TwoTerminal(Name, Positive, Negative)
{
    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };

    /// <summary>
    /// For an F/H POLY card read into this source: the card after the output nodes ("poly(1) vs 0 2"), which the writer
    /// prints because F and H lines take no value= in ngspice. Null for every other source.
    /// </summary>
    public string? PolyCard { get; init; }

    public bool Equals(BehavioralSourceElement? other) =>
        other is not null && Name == other.Name && Positive == other.Positive && Negative == other.Negative &&
        IsVoltage == other.IsVoltage && Expression.ToString() == other.Expression.ToString();

    public override int GetHashCode() => HashCode.Combine(Name, Positive, Negative);
}

/// <summary>B cards (<c>V={expr}</c> or <c>I={expr}</c>); written back under the letter the card had (B, E, G, F or H).</summary>
internal sealed class BehavioralSourceKind : ElementKind<BehavioralSourceElement>
{
    public override char? Letter => 'b';

    public override Element Read(ElementCard card)
    {
        const string usage = "B<name> n+ n- V={expr} or I={expr}";
        var reader = card.Reader;
        var (a, b) = card.TwoNodes(usage);
        var kind = reader.Next("V= or I=", usage);
        if (!(kind.Is("v") || kind.Is("i")) || reader.AtEnd || reader.Peek!.Kind != TokenKind.Equals)
            throw reader.Error(kind, "expected V= or I=", usage);
        reader.Position++;
        var expr = ValueTokens.ToExpression(reader.Tokens, reader.Position, reader.Tokens.Count);
        reader.Position = reader.Tokens.Count;
        return new BehavioralSourceElement(card.Name, a, b, kind.Is("v"), new ExpressionBinder(reader.Scope, card.Namer).Bind(expr));
    }

    protected override IEnumerable<string> FormatValues(BehavioralSourceElement b)
    {
        if (b.PolyCard is { } poly)
        {
            yield return poly;
            yield break;
        }
        // E and G cards (value= in the source) keep their letter, and ngspice reads only value= on them.
        bool controlled = char.ToLowerInvariant(b.Name[0]) is 'e' or 'g';
        yield return (controlled ? "value={" : b.IsVoltage ? "V={" : "I={") + b.Expression + "}";
    }

    protected override bool HasBranchCurrent(BehavioralSourceElement element) => element.IsVoltage;

    protected override Expr? CurrentExpression(BehavioralSourceElement element, SourceLocation at, SimulationOptions options) =>
        element.IsVoltage ? null : element.Expression;

    protected override Engine.Core.Entity ToEngine(BehavioralSourceElement b, ElaborationContext context) =>
        new Engine.Behavioral.BehavioralSource(b.Name, b.Positive, b.Negative, b.IsVoltage, context.Compile(b, b.Expression));
}
