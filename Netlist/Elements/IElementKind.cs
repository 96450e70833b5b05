using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>
/// Everything the netlist layer knows about one kind of element: the card it reads (by first letter), the cross
/// references it needs after flattening, the values it writes back, and the engine entity it becomes. One
/// implementation per kind, next to its record; <see cref="ElementRegistry"/> finds them.
/// </summary>
internal interface IElementKind
{
    /// <summary>The netlist record this kind describes.</summary>
    Type RecordType { get; }

    /// <summary>
    /// Lower-case first letter of the cards this kind reads, or null when its records are read through another
    /// kind's card (a behavioral R, an E with value=) or by the flattener (X).
    /// </summary>
    char? Letter { get; }

    /// <summary>Reads one card of <see cref="Letter"/>; may return a record of another kind (R with r={v(a)} is behavioral).</summary>
    Element Read(ElementCard card);

    /// <summary>Reports references to models or other elements that do not fit (after flattening).</summary>
    void CheckReferences(Element element, ReferenceContext context);

    /// <summary>The fields of the element's line after its name and nodes, as ngspice reads them.</summary>
    IEnumerable<string> FormatValues(Element element);

    /// <summary>The engine entity that simulates the element.</summary>
    Engine.Core.Entity ToEngine(Element element, ElaborationContext context);

    /// <summary>True when the engine gives the element a branch current, which i(name) then reads directly.</summary>
    bool HasBranchCurrent(Element element);

    /// <summary>
    /// For an element without a branch current: its current (into its first node, through it, out of its second) as an
    /// expression of the circuit's variables, so that i(name) can read it; null when there is none.
    /// </summary>
    Expr? CurrentExpression(Element element, SourceLocation at, SimulationOptions options);
}

/// <summary>Typed base of an element kind: the record's type is checked once here, so each kind handles its own record only.</summary>
internal abstract class ElementKind<TElement> : IElementKind where TElement : Element
{
    public Type RecordType => typeof(TElement);

    public virtual char? Letter => null;

    public virtual Element Read(ElementCard card) =>
        throw new InvalidOperationException($"{typeof(TElement).Name} is not read from a card of its own");

    public void CheckReferences(Element element, ReferenceContext context) => CheckReferences((TElement)element, context);

    public IEnumerable<string> FormatValues(Element element) => FormatValues((TElement)element);

    public Engine.Core.Entity ToEngine(Element element, ElaborationContext context) => ToEngine((TElement)element, context);

    public bool HasBranchCurrent(Element element) => HasBranchCurrent((TElement)element);

    public Expr? CurrentExpression(Element element, SourceLocation at, SimulationOptions options) =>
        CurrentExpression((TElement)element, at, options);

    /// <inheritdoc cref="IElementKind.CheckReferences"/>
    protected virtual void CheckReferences(TElement element, ReferenceContext context)
    {
    }

    /// <inheritdoc cref="IElementKind.FormatValues"/>
    protected abstract IEnumerable<string> FormatValues(TElement element);

    /// <inheritdoc cref="IElementKind.ToEngine"/>
    protected abstract Engine.Core.Entity ToEngine(TElement element, ElaborationContext context);

    /// <inheritdoc cref="IElementKind.HasBranchCurrent"/>
    protected virtual bool HasBranchCurrent(TElement element) => false;

    /// <inheritdoc cref="IElementKind.CurrentExpression"/>
    protected virtual Expr? CurrentExpression(TElement element, SourceLocation at, SimulationOptions options) => null;

    /// <summary>v(+, −) of a two-terminal element, the voltage its current follows.</summary>
    protected static Expr Across(TwoTerminal element, SourceLocation at) => new VoltageExpr(element.Positive, element.Negative, at);

    /// <summary>A number as the writer prints it.</summary>
    protected static string N(double value) => Writing.NumberFormat.Format(value);
}
