using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Elements;

/// <summary>The values of an independent source line (V or I): DC, AC magnitude and phase (degrees), transient waveform.</summary>
internal sealed record IndependentSourceCard(string Positive, string Negative, double? Dc, Waveform? Waveform, double? AcMagnitude, double? AcPhaseDegrees)
{
    /// <summary>Reads <c>n+ n- [[DC] value] [AC mag [phase]] [waveform]</c> in any order, each part once.</summary>
    public static IndependentSourceCard Read(ElementCard card, char letter)
    {
        string usage = $"{letter}<name> n+ n- [[DC] value] [AC mag [phase]] [PULSE(...)|SIN(...)|EXP(...)|PWL(...)] [DISTOF1 mag [phase]] [DISTOF2 mag [phase]]";
        var reader = card.Reader;
        var (a, b) = card.TwoNodes(usage);
        double? dc = null, ac = null, phase = null;
        Waveform? waveform = null;
        while (!reader.AtEnd)
        {
            var t = reader.Peek!;
            if (t.Is("dc"))
            {
                reader.Position++;
                if (reader.Peek?.Kind == TokenKind.Equals) reader.Position++; // dc=1.2 (HSPICE style, ngspice accepts it)
                dc = Once(reader, t, dc, reader.Value("DC value", usage), usage);
            }
            else if (t.Is("ac") && (reader.IsAssignmentAt(reader.Position) || reader.Accept("ac")))
            {
                if (reader.IsAssignmentAt(reader.Position)) reader.Position += 2; // ac=1 (LTspice/HSPICE style)
                ac = Once(reader, t, ac, reader.NextIsValue() ? reader.Value("AC magnitude", usage) : 1.0, usage);
                if (reader.NextIsValue()) phase = reader.Value("AC phase in degrees", usage);
            }
            else if (WaveformReader.IsWaveformKeyword(t))
            {
                if (waveform is not null) throw reader.Error(t, "second waveform on one source", usage);
                waveform = WaveformReader.Read(reader);
            }
            else if (t.Is("distof1") || t.Is("distof2"))
            {
                // Distortion inputs mag [phase in degrees] only drive ngspice's .disto, which is not run here (nor
                // written for ngspice): read for their syntax and dropped. ngspice 39 requires the magnitude.
                reader.Position++;
                reader.Value(t.Text + " magnitude", usage);
                if (reader.NextIsValue()) reader.Value(t.Text + " phase in degrees", usage);
            }
            else if (dc is null && reader.NextIsValue())
                dc = reader.Value("DC value", usage);
            else
                throw reader.Error(t, "unexpected token in source", usage);
        }
        return new IndependentSourceCard(a, b, dc, waveform, ac, phase);
    }

    /// <summary>The values as written back: <c>dc x ac m [phase] wave(...)</c>, each only when given; nothing when none is.</summary>
    public static IEnumerable<string> Format(double? dc, Waveform? waveform, double? ac, double? phaseDegrees)
    {
        var parts = new List<string>();
        if (dc is { } d) parts.Add("dc " + Writing.NumberFormat.Format(d));
        if (ac is { } a) parts.Add("ac " + Writing.NumberFormat.Format(a) + (phaseDegrees is { } ph ? " " + Writing.NumberFormat.Format(ph) : ""));
        if (waveform is not null)
            parts.Add(waveform.Keyword + "(" + string.Join(' ', waveform.Arguments.Select(Writing.NumberFormat.Format)) + ")" + waveform.Options);
        return parts.Count == 0 ? [] : [string.Join(' ', parts)];
    }

    private static double Once(CardReader reader, Token t, double? previous, double value, string usage) =>
        previous is null ? value : throw reader.Error(t, $"{t.Text} given twice", usage);
}
