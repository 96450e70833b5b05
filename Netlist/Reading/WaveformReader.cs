using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Reading;

/// <summary>Reads PULSE/SIN/EXP/PWL with or without parentheses, commas allowed between values.</summary>
internal static class WaveformReader
{
    public static bool IsWaveformKeyword(Token t) =>
        t.Kind == TokenKind.Word && t.Text.ToLowerInvariant() is "pulse" or "sin" or "sine" or "exp" or "pwl" or "sffm" or "am" or "trrandom" or "trnoise";

    public static Waveform Read(CardReader card)
    {
        var keyword = card.Next("waveform", "");
        // "sine" is ngspice's other name of SIN (both are in its source parameter table).
        string kind = keyword.Text.ToLowerInvariant() is "sine" ? "sin" : keyword.Text.ToLowerInvariant();
        var values = Arguments(card, keyword);
        double? At(int k) => k < values.Count ? values[k] : null;
        string usage = Usage(kind);
        switch (kind)
        {
            case "pulse":
                Count(values, 2, 8, keyword, usage);
                if (At(7) is { } np && !(np >= 0 && np == Math.Floor(np) && np <= int.MaxValue))
                    throw new NetlistException(keyword.Location, keyword.Text, $"the number of pulses must be a whole number of at least 0 (got {np})", usage);
                return new PulseWaveform(values[0], values[1], At(2), At(3), At(4), At(5), At(6), At(7));
            case "sin":
                Count(values, 2, 6, keyword, usage);
                return new SineWaveform(values[0], values[1], At(2), At(3), At(4), At(5));
            case "exp":
                Count(values, 2, 6, keyword, usage);
                return new ExponentialWaveform(values[0], values[1], At(2), At(3), At(4), At(5));
            case "pwl":
                if (values.Count < 2 || values.Count % 2 != 0)
                    throw new NetlistException(keyword.Location, keyword.Text, "PWL needs time-value pairs", usage);
                var points = new List<(double, double)>();
                for (int k = 0; k < values.Count; k += 2)
                {
                    if (k > 0 && values[k] < values[k - 2])
                        throw new NetlistException(keyword.Location, keyword.Text, $"PWL times must not decrease ({values[k - 2]} then {values[k]})", usage);
                    points.Add((values[k], values[k + 1]));
                }
                return PwlOptions(card, new PwlWaveform(points), usage);
            // SFFM and AM: ngspice 39 reads an eighth value (the PHASEC of the argument order of later ngspice versions)
            // and ignores it, keeping its own order; so do we.
            case "sffm":
                Count(values, 2, 8, keyword, usage);
                return new SffmWaveform(values[0], values[1], At(2), At(3), At(4), At(5), At(6));
            case "am":
                Count(values, 2, 8, keyword, usage);
                return new AmWaveform(values[0], values[1], At(2), At(3), At(4), At(5), At(6));
            default:
                throw new NetlistException(keyword.Location, keyword.Text, $"waveform {keyword.Text.ToUpperInvariant()} is not supported",
                    "use PULSE, SIN, EXP, PWL, SFFM or AM");
        }
    }

    /// <summary>r=repeat and td=delay after the PWL points (ngspice).</summary>
    private static PwlWaveform PwlOptions(CardReader card, PwlWaveform pwl, string usage)
    {
        while (!card.AtEnd && card.IsAssignmentAt(card.Position) && (card.Peek!.Is("r") || card.Peek.Is("td")))
        {
            var name = card.Peek;
            card.Position += 2;
            double value = card.Value(name.Text.ToLowerInvariant() + " value", usage);
            if (name.Is("r"))
            {
                if (value < pwl.Points[0].Time || value >= pwl.Points[^1].Time)
                    throw card.Error(name, $"PWL repeat time r={value} must lie between the first and the last time point", usage);
                pwl = pwl with { Repeat = value };
            }
            else pwl = pwl with { Delay = value };
        }
        return pwl;
    }

    private static List<double> Arguments(CardReader card, Token keyword)
    {
        var values = new List<double>();
        bool parenthesized = card.Peek?.Kind == TokenKind.LeftParen;
        if (parenthesized) card.Position++;
        while (!card.AtEnd)
        {
            var t = card.Peek!;
            if (t.Kind == TokenKind.RightParen && parenthesized)
            {
                card.Position++;
                return values;
            }
            if (t.Kind == TokenKind.Comma) { card.Position++; continue; }
            if (!parenthesized && !card.NextIsValue()) break;
            if (card.IsAssignmentAt(card.Position))
                throw card.Error(t, $"{keyword.Text.ToUpperInvariant()} options (name=value) are not supported", Usage(keyword.Text.ToLowerInvariant()));
            card.Position++;
            values.Add(card.Evaluate(t, $"{keyword.Text.ToUpperInvariant()} argument", Usage(keyword.Text.ToLowerInvariant())));
        }
        if (parenthesized) throw card.Error(null, $"missing ')' after {keyword.Text.ToUpperInvariant()} arguments", Usage(keyword.Text.ToLowerInvariant()));
        return values;
    }

    private static void Count(List<double> values, int min, int max, Token keyword, string usage)
    {
        if (values.Count < min || values.Count > max)
            throw new NetlistException(keyword.Location, keyword.Text,
                $"{keyword.Text.ToUpperInvariant()} takes {min} to {max} values, not {values.Count}", usage);
    }

    private static string Usage(string kind) => kind switch
    {
        "pulse" => "PULSE(v1 v2 td tr tf pw per [np])",
        "sin" => "SIN(vo va freq td theta phase)",
        "exp" => "EXP(v1 v2 td1 tau1 td2 tau2)",
        "pwl" => "PWL(t1 v1 t2 v2 ...) [r=repeat_from] [td=delay]",
        "sffm" => "SFFM(vo va fc mdi fs phasec phases)",
        "am" => "AM(va vo mf fc td phasec phases)",
        _ => "PULSE, SIN, EXP, PWL, SFFM or AM",
    };
}
