using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Writing;

/// <summary>The fields of one element line (name, nodes, values), in SPICE card order.</summary>
public static class ElementFormatter
{
    public static IReadOnlyList<string> Fields(Element element)
    {
        static string N(double v) => NumberFormat.Format(v);
        var fields = new List<string> { element.Name };
        fields.AddRange(element.Nodes);
        switch (element)
        {
            case Resistor r:
                fields.Add(N(r.Resistance));
                if (r.Tc1 != 0) fields.Add("tc1=" + N(r.Tc1));
                if (r.Tc2 != 0) fields.Add("tc2=" + N(r.Tc2));
                break;
            case Capacitor c:
                fields.Add(N(c.Capacitance));
                if (c.InitialVoltage is { } vc) fields.Add("ic=" + N(vc));
                break;
            case Inductor l:
                fields.Add(N(l.Inductance));
                if (l.InitialCurrent is { } il) fields.Add("ic=" + N(il));
                break;
            case BehavioralPassive bp:
                fields.Add(bp.Key + "={" + bp.Expression + "}");
                if (bp.Initial is { } initial) fields.Add("ic=" + N(initial));
                break;
            case VoltageSource v:
                AddIfAny(fields, SourceValue(v.Dc, v.Waveform, v.AcMagnitude, v.AcPhaseDegrees));
                break;
            case CurrentSource i:
                AddIfAny(fields, SourceValue(i.Dc, i.Waveform, i.AcMagnitude, i.AcPhaseDegrees));
                break;
            case Vcvs e:
                fields.Add(N(e.Gain));
                break;
            case Vccs g:
                fields.Add(N(g.Transconductance));
                break;
            case Cccs f:
                fields.Add(f.ControllingSource);
                fields.Add(N(f.Gain));
                break;
            case Ccvs h:
                fields.Add(h.ControllingSource);
                fields.Add(N(h.Transresistance));
                break;
            case Diode d:
                // area= by name: ngspice 39 reads "D1 a k model 2" as a diode with a thermal node "model" and model "2".
                fields.Add(d.Model + (d.Off ? " off" : "") + (d.Area != 1.0 ? " area=" + N(d.Area) : "") +
                           (d.Temp is { } temp ? " temp=" + N(temp) : "") + (d.Dtemp is { } dtemp ? " dtemp=" + N(dtemp) : ""));
                break;
            case Mosfet m:
                fields.Add(m.Model + string.Concat(m.GivenParameters().Select(p => $" {p.Key}={N(p.Value)}")) + (m.Off ? " off" : ""));
                break;
            case Bjt q:
                fields.Add(q.Model + (q.Area != 1.0 ? " " + N(q.Area) : "") + (q.Off ? " off" : ""));
                break;
            case VoltageSwitch s:
                fields.Add(s.Model + (s.InitiallyOn is { } on ? on ? " on" : " off" : ""));
                break;
            case BehavioralSource { PolyCard: { } poly }:
                fields.Add(poly);
                break;
            case BehavioralSource b:
                // E and G cards (value= in the source) keep their letter, and ngspice reads only value= on them.
                bool controlled = char.ToLowerInvariant(b.Name[0]) is 'e' or 'g';
                fields.Add((controlled ? "value={" : b.IsVoltage ? "V={" : "I={") + b.Expression + "}");
                break;
            case MutualInductance k:
                fields.Add(k.Inductor1);
                fields.Add(k.Inductor2);
                fields.Add(N(k.Coupling));
                break;
            case SubcircuitInstance x:
                fields.Add(x.Subcircuit + (x.Parameters.Count > 0
                    ? " params: " + string.Join(' ', x.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={N(p.Value)}"))
                    : ""));
                break;
            default:
                throw new ArgumentException($"unknown element type {element.GetType().Name}", nameof(element));
        }
        return fields;
    }

    private static string SourceValue(double? dc, Waveform? waveform, double? ac, double? phaseDegrees)
    {
        var parts = new List<string>();
        if (dc is { } d) parts.Add("dc " + NumberFormat.Format(d));
        if (ac is { } a) parts.Add("ac " + NumberFormat.Format(a) + (phaseDegrees is { } ph ? " " + NumberFormat.Format(ph) : ""));
        if (waveform is not null)
            parts.Add(waveform.Keyword + "(" + string.Join(' ', waveform.Arguments.Select(NumberFormat.Format)) + ")" + waveform.Options);
        return string.Join(' ', parts);
    }

    private static void AddIfAny(List<string> fields, string text)
    {
        if (text.Length > 0) fields.Add(text);
    }
}
