using System.Diagnostics;
using CsCheck;
using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Tests;

/// <summary>
/// Randomly mutated netlists: the reader either reads them or raises NetlistException, nothing else, and
/// every case finishes quickly.
/// </summary>
public class FuzzTests
{
    private const string Seed = """
        fuzz seed deck
        * comment
        .param r0=1k scale={2*r0} c0='1p*2'
        .func sq(x) {x*x}
        .include parts.inc
        .lib lib.l typ
        .subckt cell in out params: g=1
        .model dm D(is=1e-14 n=1)
        R1 in mid {r0*g} ; inline
        C1 mid out {c0} ic=0.1
        D1 mid 0 dm
        .ends cell
        .model sm SW(vt=0.5 vh=0.1 ron=1 roff=1meg)
        V1 a 0 DC 1 PULSE(0 1 1n 1n 1n 5n 10n)
        V2 b 0 SIN(0 1 1meg) $ dollar
        I1 0 c PWL(0 0 1n 1m 2n 0)
        X1 a b cell g={sq(2)}
        X2 b c cell params: g=0.5
        E1 d 0 a b 10
        G1 d 0 a 0 1m
        F1 e 0 V1 2
        H1 e 0 v2 100
        S1 d e a 0 sm on
        B1 f 0 V={v(a)*2 > 1 ? 1 : v(b)}
        L1 f 0 1uH
        R2 c 0 10kOhm
        + m=2
        .ic v(a)=0 v(b)=0.1
        .nodeset v(c)=0
        .options reltol=1e-4 method=gear
        .op
        .dc V1 0 1 0.1 V2 0 1 0.5
        .tran 1n 100n 0 1n uic
        .control
        run
        .endc
        .end
        """;

    private static readonly string[] Junk = ["{", "}", "(", ")", "'", "\"", "=", ",", "+", "*", ";", "$", ".subckt", ".ends", ".include parts.inc",
        ".lib lib.l typ", ".param", "x1", "1e999", "-", "0", "\n", "\n+", " ", "v(", "**", "?", ":", "X9 a b cell", ".end", ".endc", ".lib", "\t", "\0"];

    private static InMemoryFileSystem Files() => new InMemoryFileSystem()
        .Add("/fuzz/parts.inc", ".param gextra=2\nR9 x 0 {gextra}\n")
        .Add("/fuzz/lib.l", ".lib typ\n.model dtyp D(is=1e-15)\n.endl\n");

    [Fact]
    public void Seed_deck_reads_clean()
    {
        var r = new NetlistReader { FileSystem = Files() }.Parse(Seed, "/fuzz/seed.cir");
        Assert.Equal(18, r.Circuit.Elements.Count);
        // The .control block (run) is read for the interpreter without a warning.
        Assert.Empty(r.Warnings);
        Assert.Equal("run", Assert.Single(r.Control!.Commands).Name);
    }

    [Fact]
    public async Task Mutated_netlists_raise_only_NetlistException_and_never_hang()
    {
        var files = Files();
        var slowest = TimeSpan.Zero;
        int read = 0, rejected = 0;
        var run = Task.Run(() => Gen.Int.Sample(seed =>
        {
            var text = Mutate(Seed, new Random(seed));
            var watch = Stopwatch.StartNew();
            try
            {
                var circuit = new NetlistReader { FileSystem = files }.Parse(text, "/fuzz/m.cir").Circuit;
                read++;
                // What reads must also elaborate into the engine or be refused with a NetlistException.
                new MemristorSpice.Netlist.Elaboration.Elaborator().Elaborate(circuit);
            }
            catch (NetlistException ex)
            {
                Assert.NotEmpty(ex.Errors);
                Assert.True(ex.Errors.Count <= DiagnosticBag.MaxErrors);
                rejected++;
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}: {ex.GetType().Name} {ex.Message}\n{ex.StackTrace}\n---\n{text}");
            }
            if (watch.Elapsed > slowest) slowest = watch.Elapsed;
        }, iter: 10_000, threads: 1));
        // The whole run takes a few seconds; 120 s means some case hangs.
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(120)));
        Assert.True(finished == run, "a mutated netlist made the reader hang");
        await run;
        // One case reads a 40-line deck: 2 s is orders of magnitude above normal and still catches runaway work.
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"slowest case took {slowest}");
        Assert.True(read > 100 && rejected > 100, $"mutations should both keep and break decks: read {read}, rejected {rejected}");
    }

    internal static string Mutate(string text, Random rng)
    {
        int rounds = rng.Next(1, 6);
        for (int r = 0; r < rounds && text.Length > 0; r++)
        {
            int at = rng.Next(text.Length);
            switch (rng.Next(9))
            {
                case 0: text = text.Remove(at, 1); break;
                case 1: text = text.Insert(at, text[at].ToString()); break;
                case 2:
                    int other = rng.Next(text.Length);
                    var chars = text.ToCharArray();
                    (chars[at], chars[other]) = (chars[other], chars[at]);
                    text = new string(chars);
                    break;
                case 3: text = text.Insert(at, Junk[rng.Next(Junk.Length)]); break;
                case 4: text = text[..at]; break;
                case 5: text = Lines(text, rng, (lines, k) => lines.RemoveAt(k)); break;
                case 6: text = Lines(text, rng, (lines, k) => lines.Insert(k, lines[rng.Next(lines.Count)])); break;
                case 7: text = Lines(text, rng, (lines, k) => { int j = rng.Next(lines.Count); (lines[k], lines[j]) = (lines[j], lines[k]); }); break;
                default: text = Tokens(text, rng); break;
            }
        }
        return text;
    }

    private static string Lines(string text, Random rng, Action<List<string>, int> change)
    {
        var lines = text.Split('\n').ToList();
        change(lines, rng.Next(lines.Count));
        return string.Join('\n', lines);
    }

    private static string Tokens(string text, Random rng)
    {
        var tokens = text.Split(' ').ToList();
        int k = rng.Next(tokens.Count);
        switch (rng.Next(3))
        {
            case 0: tokens.RemoveAt(k); break;
            case 1: tokens.Insert(k, tokens[rng.Next(tokens.Count)]); break;
            default:
                int j = rng.Next(tokens.Count);
                (tokens[k], tokens[j]) = (tokens[j], tokens[k]);
                break;
        }
        return string.Join(' ', tokens);
    }
}
