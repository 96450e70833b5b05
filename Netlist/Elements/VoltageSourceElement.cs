using MemristorSpice.Netlist.Elaboration;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>V: independent voltage source: DC value (null when not written), optional AC magnitude and phase (degrees), optional transient waveform.</summary>
internal sealed record VoltageSourceElement(string Name, string Positive, string Negative, double? Dc, Waveform? Waveform = null, double? AcMagnitude = null,
    double? AcPhaseDegrees = null)
    : TwoTerminal(Name, Positive, Negative)
{
    /// <summary>Value for OP and DC: the DC value, else the waveform's value at t = 0 (as ngspice).</summary>
    public double DcValue => Dc ?? Waveform?.InitialValue ?? 0.0;

    public override Element WithNodes(IReadOnlyList<string> nodes) => this with { Positive = nodes[0], Negative = nodes[1] };
}

internal sealed class VoltageSourceKind : ElementKind<VoltageSourceElement>
{
    public override char? Letter => 'v';

    public override Element Read(ElementCard card)
    {
        var s = IndependentSourceCard.Read(card, 'V');
        return new VoltageSourceElement(card.Name, s.Positive, s.Negative, s.Dc, s.Waveform, s.AcMagnitude, s.AcPhaseDegrees);
    }

    protected override IEnumerable<string> FormatValues(VoltageSourceElement v) =>
        IndependentSourceCard.Format(v.Dc, v.Waveform, v.AcMagnitude, v.AcPhaseDegrees);

    protected override bool HasBranchCurrent(VoltageSourceElement element) => true;

    protected override Engine.Core.Entity ToEngine(VoltageSourceElement v, ElaborationContext context) =>
        new Engine.Components.VoltageSource(v.Name, v.Positive, v.Negative, v.Dc, EngineMapping.Waveform(v.Waveform))
            { AcMagnitude = v.AcMagnitude ?? 0, AcPhaseDegrees = v.AcPhaseDegrees ?? 0 };
}
