using System.Globalization;
using System.Text;

namespace MemristorSpice.Cli.Tests.Fuzz;

/// <summary>
/// Seeded mutations of SPICE decks, aimed at the ways a careless or hostile deck differs from a good one:
/// extreme and malformed numbers, missing or repeated lines, odd node names, truncation, and lines that try to
/// read devices, run commands through ngspice or exhaust time, memory or the stack.
/// </summary>
internal static class DeckMutator
{
    /// <summary>Numbers at the edges of what double, the engine and the reader handle.</summary>
    private static readonly string[] ExtremeNumbers =
    [
        "0", "-0", "-1", "1e308", "-1e308", "1e-320", "1e400", "-1e400", "nan", "inf", "-inf", "1e-19", "1e19",
        "2147483648", "9223372036854775808", "1t", "1meg", "1e-300", "0.0000000000000000000001", "1e", "--1", "1..2",
        "{1/0}", "{1e308*10}", "{-1e308*10}", "{sqrt(-1)}", "{log(0)}",
    ];

    /// <summary>Lines that must each end in a clean, located error or a bounded run, never in a crash, hang or command.</summary>
    private static readonly string[] HostileLines =
    [
        ".include /dev/zero",
        ".include /dev/urandom",
        ".include /etc/passwd",
        ".include .",
        ".include sub.inc",
        ".include self.cir",
        ".lib nosuch.lib typical",
        ".control\nshell touch PWNED\n.endc",
        ".control\nset noaskquit\nshell touch PWNED\nrun\n.endc",
        ".control\nset cmd = \"`touch PWNED`\"\nrun\nlet k = 0\nwhile k < 3\nlet k = k + 1\nend\nrepeat 1e9\nend\n.endc",
        ".param pa={pb+1}\n.param pb={pa+1}",
        ".param deep={" + new string('(', 5000) + "1" + new string(')', 5000) + "}",
        ".func f(x)={f(x)+1}\n.param q={f(1)}",
        "V99 hx 0 PULSE(0 1 -1e308 1n 1n 1n 2n)",
        "V98 hy 0 PULSE(0 1 0 1e-19 1e-19 1e-19 1e-19)",
        "V97 hz 0 SIN(0 1 1e300)",
        "V96 hw 0 PWL(0 0 1e-300 1 1e-300 0)",
        ".tran 1n 1",
        ".tran 0 1m",
        ".tran 1e-300 1e300",
        ".dc v1 0 1e300 1e-300",
        ".ac dec 1000000000 1 1e300",
        ".temp 1e308",
        ".temp -500",
        ".options reltol=0 abstol=0",
        ".options gmin=1e308",
        "R99 n\uFFFF 0 1k",
        "R98 a\u0000b 0 1k",
        "R97 " + new string('n', 10000) + " 0 1k",
        "X1 a b nosuch",
        ".subckt loop a b\nX1 a b loop\n.ends",
        ".subckt s10 a b\nR1 a b 1k\nR2 a b 1k\nR3 a b 1k\nR4 a b 1k\nR5 a b 1k\nR6 a b 1k\nR7 a b 1k\nR8 a b 1k\nR9 a b 1k\nR10 a b 1k\n.ends\n"
            + ".subckt s100 a b\nX1 a b s10\nX2 a b s10\nX3 a b s10\nX4 a b s10\nX5 a b s10\nX6 a b s10\nX7 a b s10\nX8 a b s10\nX9 a b s10\nX10 a b s10\n.ends\nXbig in 0 s100",
        ".model dm d(is=1e308)\nD99 1 0 dm",
        "D98 in 0 nosuchmodel",
        "B99 hb 0 V={1/0}",
        "B98 hc 0 I={exp(1e10)}",
        "E99 he 0 he 0 1e308",
        "L99 in 0 0",
        "C99 in 0 -1",
        "+ 1 2 3",
        ".end",
        ".endc",
        ".ends",
        ".option list\n.option filetype=ascii",
        ".save all\n.print tran v(1)",
        "* \u202e reversed",
        "\t\t\t",
    ];

    /// <summary>Returns the mutated deck and a short description of what was done (for failure messages).</summary>
    public static (string Text, string Description) Mutate(string deck, Random random)
    {
        var lines = deck.Replace("\r\n", "\n").Split('\n').ToList();
        var done = new List<string>();
        int count = 1 + random.Next(3);
        for (int m = 0; m < count; m++)
        {
            // The title line is free text: mutate the body, keep at least one line.
            int body = Math.Max(1, lines.Count - 1);
            int at = 1 + random.Next(body);
            if (at >= lines.Count) at = lines.Count - 1;
            switch (random.Next(9))
            {
                case 0:
                case 1:
                    done.Add(ReplaceNumber(lines, at, random));
                    break;
                case 2:
                    done.Add($"delete line {at + 1}");
                    if (lines.Count > 1) lines.RemoveAt(at);
                    break;
                case 3:
                    done.Add($"duplicate line {at + 1}");
                    lines.Insert(at, lines[at]);
                    break;
                case 4:
                    done.Add(SwapTokens(lines, at, random));
                    break;
                case 5:
                case 6:
                    var hostile = HostileLines[random.Next(HostileLines.Length)];
                    done.Add($"insert at line {at + 1}: {Shorten(hostile)}");
                    lines.Insert(at, hostile);
                    break;
                case 7:
                    done.Add(RenameNode(lines, at, random));
                    break;
                default:
                    var text = string.Join('\n', lines);
                    int cut = random.Next(text.Length + 1);
                    done.Add($"truncate at character {cut}");
                    lines = text[..cut].Split('\n').ToList();
                    break;
            }
        }
        return (string.Join('\n', lines) + "\n", string.Join("; ", done));
    }

    private static string ReplaceNumber(List<string> lines, int at, Random random)
    {
        var tokens = lines[at].Split(' ');
        var numeric = Enumerable.Range(0, tokens.Length)
            .Where(i => tokens[i].Length > 0 && (char.IsDigit(tokens[i][0]) || tokens[i][0] is '.' or '-' && tokens[i].Length > 1 && char.IsDigit(tokens[i][1])))
            .ToList();
        var value = ExtremeNumbers[random.Next(ExtremeNumbers.Length)];
        if (numeric.Count == 0)
        {
            lines[at] += " " + value;
            return $"append {value} to line {at + 1}";
        }
        int i = numeric[random.Next(numeric.Count)];
        var old = tokens[i];
        tokens[i] = value;
        lines[at] = string.Join(' ', tokens);
        return $"line {at + 1}: {Shorten(old)} -> {value}";
    }

    private static string SwapTokens(List<string> lines, int at, Random random)
    {
        var tokens = lines[at].Split(' ');
        if (tokens.Length < 2) return $"swap nothing on line {at + 1}";
        int a = random.Next(tokens.Length), b = random.Next(tokens.Length);
        (tokens[a], tokens[b]) = (tokens[b], tokens[a]);
        lines[at] = string.Join(' ', tokens);
        return $"line {at + 1}: swap tokens {a} and {b}";
    }

    private static string RenameNode(List<string> lines, int at, Random random)
    {
        string[] names = ["n\uFFFF", "\u0001", "a b", "{x}", "0x", "../../x", "/tmp/x", "v(1)", "%", "\uD800", "gnd", "0", new string('z', 300)];
        var tokens = lines[at].Split(' ');
        if (tokens.Length < 2) return $"rename nothing on line {at + 1}";
        var name = names[random.Next(names.Length)];
        tokens[1] = name;
        lines[at] = string.Join(' ', tokens);
        return $"line {at + 1}: first node -> {Shorten(name)}";
    }

    internal static string Shorten(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s.Length > 60 ? s[..60] + "..." : s)
            sb.Append(char.IsControl(c) || char.IsSurrogate(c) || c == '\uFFFF' ? $"\\u{(int)c:x4}" : c.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }
}
