using MemristorSpice.Netlist.Elaboration;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>I: independent current source, flowing from Positive through the source to Negative: DC value (null when not written), optional AC magnitude and phase (degrees), optional transient waveform.</summary>
internal sealed record CurrentSourceElement(string Name, string Positive, string Negative, double? Dc, Waveform? Waveform = null, double? AcMagnitude = null,
    double? AcPhaseDegrees = null)
    : TwoTerminal(Name, Positive, Negative)
{
    /// <summary>Value for OP and DC: the DC value, else the waveform's value at t = 0 (as ngspice).</summary>
    public double DcValue => Dc ?? Waveform?.InitialValue ?? 0.0;

    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };
}

internal sealed class CurrentSourceKind : ElementKind<CurrentSourceElement>
{
    public override char? Letter => 'i';

    public override Element Read(ElementCard card)
    {
        var s = IndependentSourceCard.Read(card, 'I');
        return new CurrentSourceElement(card.Name, s.Positive, s.Negative, s.Dc, s.Waveform, s.AcMagnitude, s.AcPhaseDegrees);
    }

    protected override IEnumerable<string> FormatValues(CurrentSourceElement i) =>
        IndependentSourceCard.Format(i.Dc, i.Waveform, i.AcMagnitude, i.AcPhaseDegrees);

    protected override Engine.Core.Entity ToEngine(CurrentSourceElement i, ElaborationContext context) =>
        new Engine.Components.CurrentSource(i.Name, i.Positive, i.Negative, i.Dc, EngineMapping.Waveform(i.Waveform))
            { AcMagnitude = i.AcMagnitude ?? 0, AcPhaseDegrees = i.AcPhaseDegrees ?? 0 };
}
