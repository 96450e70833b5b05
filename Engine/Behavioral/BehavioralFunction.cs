using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Behavioral;

/// <summary>What a behavioral expression reads: a node voltage or the branch current of an element.</summary>
public enum BehavioralInputKind
{
    /// <summary>v(node): voltage of a node to ground in Volts.</summary>
    NodeVoltage,
    /// <summary>i(element): branch current of a voltage source or inductor in Amperes.</summary>
    BranchCurrent,
}

/// <summary>One circuit quantity an expression depends on: node name (v) or element name (i).</summary>
public sealed record BehavioralInput(BehavioralInputKind Kind, string Name)
{
    /// <summary>SPICE form of the input: "v(name)" or "i(name)".</summary>
    public override string ToString() => Kind == BehavioralInputKind.NodeVoltage ? $"v({Name})" : $"i({Name})";
}

/// <summary>
/// Compiled evaluator: reads <c>arguments</c> = [input values in <see cref="BehavioralFunction.Inputs"/> order,
/// time in s, temperature in °C, and for a function that <see cref="BehavioralFunction.ReadsFrequency"/> the .ac
/// frequency in Hz (ngspice's hertz)], writes the exact partial derivatives ∂f/∂input into <c>gradient</c> (one slot
/// per input) and returns f.
/// </summary>
public delegate double BehavioralEvaluator(double[] arguments, double[] gradient);

/// <summary>
/// A compiled behavioral expression f(inputs, time, temperature) with its gradient over the inputs, as used by
/// <see cref="BehavioralSource"/> and the behavioral R, C and L. Built once per element (for example by the
/// netlist's expression compiler); the engine calls <see cref="Evaluator"/> at every Newton iteration.
/// </summary>
public sealed class BehavioralFunction
{
    /// <summary>Function over inputs computed by evaluator; text is the expression as written, for messages.</summary>
    public BehavioralFunction(IReadOnlyList<BehavioralInput> inputs, BehavioralEvaluator evaluator, string text)
    {
        Inputs = inputs; Evaluator = evaluator; _text = text;
    }

    /// <summary>
    /// As the other constructor, with the text made only when a message asks for it: a deck with many instances of one
    /// subcircuit builds many functions whose text is never read, and printing each expression was a tenth of the
    /// reading time of a generated crossbar deck.
    /// </summary>
    public BehavioralFunction(IReadOnlyList<BehavioralInput> inputs, BehavioralEvaluator evaluator, Func<string> text)
    {
        Inputs = inputs; Evaluator = evaluator; _makeText = text;
    }

    private string? _text;
    private readonly Func<string>? _makeText;

    /// <summary>Circuit quantities in argument order (no duplicates).</summary>
    public IReadOnlyList<BehavioralInput> Inputs { get; }

    /// <summary>Compiled code returning f and its gradient; see <see cref="BehavioralEvaluator"/>.</summary>
    public BehavioralEvaluator Evaluator { get; }

    /// <summary>Source text of the expression (error messages).</summary>
    public string Text => _text ??= _makeText!();

    /// <summary>
    /// Number of switch records the evaluator writes after the frequency slot, Inputs.Count + 1 values each from
    /// arguments[Inputs.Count + 3 + (Inputs.Count + 1)·j]: one record per condition that can change as the circuit moves
    /// (a comparison in ?: or a u() step), holding the distance to its threshold with a positive sign while the
    /// condition holds, negative otherwise, then ∂distance/∂input for each input (+∞ when time moves it); NaN when not
    /// evaluated. The transient compares them between time points and cuts the step where one changes. 0 = none.
    /// </summary>
    public int SwitchCount { get; init; }

    /// <summary>Index of <c>time</c> in the argument array.</summary>
    public int TimeSlot => Inputs.Count;

    /// <summary>Index of <c>temper</c> (°C) in the argument array.</summary>
    public int TemperatureSlot => Inputs.Count + 1;

    /// <summary>Index of <c>hertz</c> (Hz) in the argument array: 0 outside .ac, each frequency in .ac (as ngspice 39).</summary>
    public int FrequencySlot => Inputs.Count + 2;

    /// <summary>True when the expression reads <c>hertz</c>: its small-signal gradient then depends on the .ac frequency.</summary>
    public bool ReadsFrequency { get; init; }
}

/// <summary>Raised by compiled expressions for a division by zero; the engine adds element and time.</summary>
public sealed class BehavioralMathException(string message) : Exception(message);

/// <summary>
/// A behavioral expression failed at run time (division by zero, NaN or infinity). <see cref="Time"/> is the
/// transient time point; <see cref="IsDc"/> marks a failure in an operating point or DC sweep solution.
/// </summary>
internal sealed class BehavioralEvaluationException(string element, string expression, double time, bool isDc, string problem)
    : CircuitException($"{element}: expression '{expression}' {problem} " +
                       (isDc ? "in the DC solution (operating point or sweep point)." : $"at time {time:G6} s."))
{
    public string Element { get; } = element;
    public string Expression { get; } = expression;
    public double Time { get; } = time;
    public bool IsDc { get; } = isDc;
}
