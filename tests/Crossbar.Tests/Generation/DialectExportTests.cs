using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.Spice;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Tests.Shared;
using static MemristorSpice.Crossbar.Tests.Generation.GenerationFixtures;

namespace MemristorSpice.Crossbar.Tests.Generation;

/// <summary>
/// The HSPICE and LTspice exports (<c>generate --dialect</c>) are checked the one way available here: each runs in
/// ngspice 39's own compatibility mode (<c>set ngbehavior=hs</c>, <c>set ngbehavior=ltpsa</c> in a .spiceinit in the
/// run folder, which <c>ngspice -b</c> reads; the tests require ngspice's note that the mode is active) and must
/// agree with the ngspice-dialect files run natively, and those with our own reader and engine.
/// </summary>
public sealed class DialectExportTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"dialect-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    private static readonly SpiceDialect[] Translated = [SpiceDialect.Hspice, SpiceDialect.Ltspice];
    private static readonly SpiceDialect[] AllDialects = [SpiceDialect.Ngspice, .. Translated];

    /// <summary>A 21-row, 3-output matrix in two tiles (12 + 9 rows), 1 Ohm wires, 50 Ohm drivers, single-pole op-amps, 10 % variation.</summary>
    private static GeneratedCrossbar Generate()
    {
        var options = new CrossbarOptions
        {
            MaxTileRows = 12, OpAmp = CrossbarOpAmps.For(OpAmpModelKind.SinglePole),
            DeviceLibraryInclude = HierarchicalNetlistWriter.DeviceLibraryFile,
            NonIdealities = new CrossbarNonIdealities { RowWireOhms = 1, ColumnWireOhms = 1.5, DriverOhms = 50, VariationSigma = 0.1 },
        };
        return new CrossbarGenerator(options).Generate(RandomMatrix(21, 3, seed: 7), CrossbarContext.ForMatrix("m"), RandomPatch(21, seed: 8));
    }

    /// <summary>A folder of one dialect: the libraries and tiles as generate writes them, and the .spiceinit of ngspice's mode.</summary>
    private string Folder(GeneratedCrossbar x, SpiceDialect dialect, NetlistParameters? p = null)
    {
        var dir = Path.Combine(_dir, SpiceSyntax.NameOf(dialect));
        Directory.CreateDirectory(dir);
        p ??= x.Parameters;
        File.WriteAllText(Path.Combine(dir, HierarchicalNetlistWriter.DeviceLibraryFile), DeviceLibrary.Generate(dialect));
        File.WriteAllText(Path.Combine(dir, HierarchicalNetlistWriter.ReadoutLibrary), HierarchicalNetlistWriter.Readout(p, x.Tiles[0].Device, dialect));
        foreach (var (name, text) in x.HierarchicalFiles(p, dialect)) File.WriteAllText(Path.Combine(dir, name), text);
        var behavior = SpiceSyntax.For(dialect).NgspiceBehavior;
        if (behavior.Length > 0) File.WriteAllText(Path.Combine(dir, ".spiceinit"), $"set ngbehavior={behavior}\n");
        return dir;
    }

    /// <summary>What ngspice 39 prints when it has switched the dialect's compatibility mode on (hs; ltpsa = ps lt a).</summary>
    private static string ModeNote(SpiceDialect dialect) => dialect switch
    {
        SpiceDialect.Hspice => "Note: Compatibility modes selected: hs\n",
        SpiceDialect.Ltspice => "Note: Compatibility modes selected: ps lt a\n",
        _ => "Note: No compatibility mode selected!",
    };

    /// <summary>Runs <c>ngspice -b</c> on a deck in its folder (reading the folder's .spiceinit), fails on any error
    /// ngspice prints or when the dialect's mode was not active; returns the output and, with <paramref name="raw"/>, writes the raw file.</summary>
    private static string Run(string folder, string deck, SpiceDialect dialect, string? raw = null)
    {
        var psi = new ProcessStartInfo(Dependencies.RequireNgspice()) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-b");
        if (raw is not null) { psi.ArgumentList.Add("-r"); psi.ArgumentList.Add(raw); }
        psi.ArgumentList.Add(deck);
        psi.Environment["SPICE_ASCIIRAWFILE"] = "1";
        // A .spiceinit in the home folder would also be read: point HOME at the run folder so only the folder's counts.
        psi.Environment["HOME"] = folder;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException($"ngspice did not finish {deck} in 120 s"); }
        var output = stdout.Result + stderr.Result;
        var errors = NgspiceRunner.FindErrors(output);
        Assert.True(errors.Count == 0, $"{SpiceSyntax.NameOf(dialect)} {deck}: {string.Join(" | ", errors)}");
        Assert.Contains(ModeNote(dialect), output.Replace("\r\n", "\n"));
        return output;
    }

    private static double[] OperatingPoint(string folder, string deck, SpiceDialect dialect, IReadOnlyList<string> signals)
    {
        var raw = Path.Combine(folder, deck + ".raw");
        Run(folder, deck, dialect, raw);
        var table = RawFile.Parse(File.ReadAllText(raw)).Single(pl => pl.IsOperatingPoint).Table;
        return signals.Select(s => table.Value(s, 0)).ToArray();
    }

    private static Dictionary<string, double> Measures(string output) =>
        Regex.Matches(output, @"^([^\s=]+)\s*=\s*(\S+)", RegexOptions.Multiline)
            .Where(m => double.TryParse(m.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .GroupBy(m => m.Groups[1].Value.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => double.Parse(g.First().Groups[2].Value, CultureInfo.InvariantCulture));

    /// <summary>
    /// Each tile deck (.op) of the HSPICE and LTspice exports, run in ngspice's hs and ltpsa modes, gives the outputs
    /// of the ngspice deck within 1e-9 of the largest output: the same circuit with the same numbers, but HSPICE's
    /// E/G VOL=/CUR= elements become a B-source plus a controlled source on an extra internal node in ngspice, so the
    /// matrix and Newton's stopping point differ slightly (measured: about 1e-12). The ngspice deck in our
    /// reader + engine agrees within 1e-9 as well (two solvers on the same network, ngspice's default reltol far below).
    /// </summary>
    [Fact]
    public void TileDecks_InHspiceAndLtspiceModes_GiveTheNgspiceAndEngineOutputs()
    {
        var x = Generate();
        Assert.Equal(2, x.Tiles.Count);
        var native = Folder(x, SpiceDialect.Ngspice);
        var folders = Translated.ToDictionary(d => d, d => Folder(x, d));
        for (int t = 0; t < x.Tiles.Count; t++)
        {
            var deck = x.FileName(t);
            var signals = x.Tiles[t].OutputSignals;
            var reference = OperatingPoint(native, deck, SpiceDialect.Ngspice, signals);
            double scale = reference.Max(Math.Abs);
            Assert.True(scale > 1e-3, $"tile {t}: outputs too small to compare ({scale} V)");
            var ours = new SimulationRunner().RunFile(Path.Combine(native, deck), Backend.Native).Analyses[0].Table;
            var engine = MaxRelativeError(signals.Select(s => ours.Value(s, 0)).ToArray(), reference, scale);
            log.WriteLine($"tile {t}: our engine vs ngspice {engine:G3} of full scale {scale:G4} V");
            Assert.True(engine < 1e-9, $"tile {t}: our engine vs ngspice {engine}");
            foreach (var (dialect, folder) in folders)
            {
                var got = OperatingPoint(folder, deck, dialect, signals);
                var error = MaxRelativeError(got, reference, scale);
                log.WriteLine($"tile {t}: {dialect} vs ngspice {error:G3} of full scale");
                Assert.True(error < 1e-9, $"tile {t} {dialect}: {error} of full scale ({string.Join(" ", got)} vs {string.Join(" ", reference)})");
            }
        }
    }

    /// <summary>
    /// A transient stimulus deck (both tiles, three patches of 1 µs each, DAC ramps of 25 ns, 2 fF wire segments) in
    /// each dialect: every .meas of the HSPICE and LTspice decks (ngspice hs/ltpsa modes) is within 1e-6 of the largest
    /// output of the ngspice deck's (the same integrator and step control on the same circuit; HSPICE sets the largest
    /// step with .option delmax instead of the fourth .tran number, and its E/G elements add internal nodes, so the
    /// accepted time points can differ slightly), and the ngspice deck's are within 1e-4 of our engine's (two
    /// integrators, the stimulus-deck tolerance of the co-simulation check).
    /// </summary>
    [Fact]
    public void StimulusDeck_InHspiceAndLtspiceModes_MeasuresTheNgspiceAndEngineValues()
    {
        var x = Generate();
        var p = x.Parameters with { WireFarads = 2e-15 };
        const int patches = 3;
        var rng = new Random(11);
        var tiles = x.PlacedTiles().Select(t =>
        {
            int rows = t.Layout.Rows.Count;
            var initial = t.Layout.Rows.Select(r => r.Volts).ToArray();
            var volts = new double[patches * rows];
            for (int k = 0; k < patches; k++)
                for (int r = 0; r < rows; r++)
                    volts[k * rows + r] = t.Layout.Rows[r].IsBias ? p.ReadVolts : p.ReadVolts * rng.NextDouble();
            return (t, initial, volts);
        }).ToList();
        var decks = new Dictionary<SpiceDialect, string>();
        foreach (var dialect in AllDialects)
        {
            var folder = Folder(x, dialect, p);
            File.WriteAllText(Path.Combine(folder, "stim.cir"),
                HierarchicalNetlistWriter.StimulusDeck("stimulus", [], tiles, 0, patches, 1e-6, 25e-9, p, dialect));
            decks[dialect] = folder;
        }
        var names = tiles.SelectMany(t => Enumerable.Range(0, patches).SelectMany(k => t.t.Layout.OutputNodes.Select(n => HierarchicalNetlistWriter.MeasureName(t.t, n, k))))
            .Select(n => n.ToLowerInvariant()).ToList();
        var reference = Measures(Run(decks[SpiceDialect.Ngspice], "stim.cir", SpiceDialect.Ngspice));
        Assert.All(names, n => Assert.True(reference.ContainsKey(n), $"ngspice printed no {n}"));
        double scale = names.Max(n => Math.Abs(reference[n]));
        Assert.True(scale > 1e-3, $"outputs too small to compare ({scale} V)");

        var ours = new SimulationRunner().RunFile(Path.Combine(decks[SpiceDialect.Ngspice], "stim.cir"), Backend.Native).Analyses[0].Measurements
            .ToDictionary(m => m.Name.ToLowerInvariant(), m => m.Value ?? double.NaN);
        double engine = names.Max(n => Math.Abs(ours[n] - reference[n])) / scale;
        log.WriteLine($"stimulus: our engine vs ngspice {engine:G3} of full scale {scale:G4} V over {names.Count} .meas");
        Assert.True(engine < 1e-4, $"our engine vs ngspice: {engine} of full scale");

        foreach (var dialect in Translated)
        {
            var got = Measures(Run(decks[dialect], "stim.cir", dialect));
            Assert.All(names, n => Assert.True(got.ContainsKey(n), $"{dialect}: no {n}"));
            double error = names.Max(n => Math.Abs(got[n] - reference[n])) / scale;
            log.WriteLine($"stimulus: {dialect} vs ngspice {error:G3} of full scale");
            Assert.True(error < 1e-6, $"{dialect}: {error} of full scale");
        }
    }

    /// <summary>One transient drive per memristor preset of the library that moves its state (the drives of the
    /// native-versus-ngspice device tests): source line, stop time and largest step in seconds, instance parameters.</summary>
    private static readonly (string Subcircuit, string Source, double Stop, double Step, string Instance)[] Drives =
    [
        ("MEM_HP_NONE", "SIN(0 1.2 1)", 2.0, 1e-3, ""),
        ("MEM_HP_JOGLEKAR", "SIN(0 1.5 0.5)", 4.0, 2e-3, ""),
        ("MEM_HP_BIOLEK", "SIN(0 1 1)", 2.0, 1e-3, ""),
        ("MEM_HP_PRODROMAKIS", "SIN(0 1.2 1)", 2.0, 1e-3, ""),
        ("MEM_VTEAM_MEMTORCH", "DC -0.5", 2e-10, 1e-13, " rinit=1000"),
        ("MEM_VTEAM_READSAFE", "PULSE(-1.7 1.2 0 20n 20n 2u 4.04u)", 20e-6, 10e-9, ""),
        ("MEM_VTEAM_XBAR", "PULSE(-1.6 1.6 0 20n 20n 2u 4.04u)", 20e-6, 10e-9, ""),
        ("MEM_TEAM_DEMO", "SIN(0 1.2 100k)", 30e-6, 10e-9, ""),
    ];

    /// <summary>
    /// The translated device library carries the same state equations: every memristor preset, driven so that its
    /// state moves (each by more than 0.01 of its range), has the state x (node x1.x, in [0, 1]) of the ngspice library
    /// at 0, a quarter, half, three quarters and the end of the run in ngspice's hs and ltpsa modes. Only the transient
    /// integrates the rate source (it is frozen in OP), so this is what checks the translated windows (pwr/pow of |b|),
    /// softplus thresholds (uramp, if(), log) and Kvatinsky terms. Tolerance per preset: the larger of 1e-4 and the
    /// native run's own time-step error, max |x(h) - x(h/2)| over the five samples of the ngspice deck at the largest
    /// step h and h/2. Why not tighter: ngspice turns each HSPICE E/G VOL=/CUR= element into a B-source on an extra
    /// internal node plus a controlled source, and differentiates pwr(|b|,e) differently from pow(b,e), so Newton's
    /// path and with it the accepted time steps differ; near the hard corners (the state gate at x = 0 and 1,
    /// VTEAM_READSAFE's fast switching) that moves x by up to the step error. A wrong translation moves it by far more:
    /// HP_JOGLEKAR's window written pwr(2x-1,2p) (sign kept, no abs) ends at x = 5e-18 instead of 0.097. Measured:
    /// LTspice identical to the 7 printed digits; HSPICE 6.5e-4 (READSAFE, step error 7e-3), 1.1e-4 (HP_NONE at the
    /// bound, step error 3e-4), 1.7e-5 (HP_JOGLEKAR), at most 2.5e-6 for the others.
    /// </summary>
    [Fact]
    public void DeviceLibrary_EveryMemristorPreset_IntegratesTheSameState_InEachDialect()
    {
        Assert.Equal(DeviceLibrary.LinearDrift.Count + DeviceLibrary.Vteam.Count + DeviceLibrary.Team.Count, Drives.Length);
        foreach (var (sub, source, stop, step, instance) in Drives)
        {
            double[] State(SpiceDialect dialect, double maxStep)
            {
                var y = SpiceSyntax.For(dialect);
                var dir = Path.Combine(_dir, "dev-" + y.Name);
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, HierarchicalNetlistWriter.DeviceLibraryFile), DeviceLibrary.Generate(dialect));
                if (y.NgspiceBehavior.Length > 0) File.WriteAllText(Path.Combine(dir, ".spiceinit"), $"set ngbehavior={y.NgspiceBehavior}\n");
                var deck = $"{sub} in {y.Simulator}\n{y.Library(HierarchicalNetlistWriter.DeviceLibraryFile, DeviceLibrary.HspiceSection)}\n" +
                           $"v1 a 0 {source}\nx1 a 0 {sub}{instance}\n{y.Transient(maxStep, stop)}\n" +
                           string.Concat(Enumerable.Range(0, 5).Select(k => $".meas tran x{k} find v(x1.x) at={SpiceFormat.Number(stop * k / 4)}\n")) + ".end\n";
                File.WriteAllText(Path.Combine(dir, "dev.cir"), deck);
                var m = Measures(Run(dir, "dev.cir", dialect));
                return Enumerable.Range(0, 5).Select(k => m[$"x{k}"]).ToArray();
            }
            static double MaxDifference(double[] a, double[] b) => a.Zip(b, (u, v) => Math.Abs(u - v)).Max();
            var reference = State(SpiceDialect.Ngspice, step);
            Assert.True(reference.Max() - reference.Min() > 0.01, $"{sub}: the drive does not move the state ({string.Join(" ", reference)})");
            double tolerance = Math.Max(1e-4, MaxDifference(reference, State(SpiceDialect.Ngspice, step / 2)));
            foreach (var dialect in Translated)
            {
                var got = State(dialect, step);
                double error = MaxDifference(got, reference);
                log.WriteLine($"{sub}: {dialect} vs ngspice state {error:G3}, tolerance {tolerance:G3} (1e-4 or the native step error)");
                Assert.True(error <= tolerance, $"{sub} {dialect}: state differs by {error}, more than the native step error {tolerance} " +
                                                $"({string.Join(" ", got)} vs {string.Join(" ", reference)})");
            }
        }
    }

    /// <summary>
    /// The exports are translations, not copies of the ngspice text: the HSPICE files have no B-source, no {expr}, no
    /// params: and no ln(), and hold E/G VOL=/CUR= elements, quoted expressions and .lib sections; the LTspice files
    /// have no C ternary (LTspice has none) and use if() and uramp(); the ngspice files are the reference form.
    /// </summary>
    [Fact]
    public void Exports_TranslateTheConstructs_ThatDiffer()
    {
        var x = Generate();
        string Text(SpiceDialect d) => DeviceLibrary.Generate(d) + HierarchicalNetlistWriter.Readout(x.Parameters, x.Tiles[0].Device, d) +
                                       string.Concat(x.HierarchicalFiles(dialect: d).Select(f => f.Text));
        var lines = (SpiceDialect d) => Text(d).Split('\n').Where(l => l.Length > 0 && l[0] != '*').ToList();
        var ng = lines(SpiceDialect.Ngspice);
        Assert.Contains(ng, l => l.StartsWith("Bx 0 x I=time>0?", StringComparison.Ordinal));
        Assert.Contains(ng, l => l.Contains(" params:", StringComparison.Ordinal));

        var hs = lines(SpiceDialect.Hspice);
        Assert.DoesNotContain(hs, l => char.ToLowerInvariant(l[0]) == 'b');
        Assert.DoesNotContain(hs, l => l.Contains('{') || l.Contains(" params:", StringComparison.Ordinal) || l.Contains("ln(", StringComparison.Ordinal));
        Assert.Contains(hs, l => l.StartsWith("Gx 0 x CUR='time>0?", StringComparison.Ordinal));
        Assert.Contains(hs, l => l.StartsWith("Eg g 0 VOL='", StringComparison.Ordinal));
        Assert.Contains(hs, l => l.Contains("pwr(abs(2*v(x)-1),2*wp)", StringComparison.Ordinal));
        Assert.Contains(hs, l => l == ".lib " + DeviceLibrary.HspiceSection);
        Assert.Contains(hs, l => l.StartsWith(".lib 'devices.lib' ", StringComparison.Ordinal));
        Assert.Contains(hs, l => l.EndsWith(" dc 'vread'", StringComparison.Ordinal));

        var lt = lines(SpiceDialect.Ltspice);
        Assert.DoesNotContain(lt, l => l.Contains('?') || l.Contains(" params:", StringComparison.Ordinal));
        Assert.Contains(lt, l => l.StartsWith("Bx 0 x I=if(time>0,", StringComparison.Ordinal));
        Assert.Contains(lt, l => l.Contains("uramp(", StringComparison.Ordinal));
        Assert.Contains(lt, l => l == ".lib devices.lib");
    }

    /// <summary>What a dialect cannot express is refused with the construct and the dialect named, never written in
    /// ngspice syntax: a behavioural line over HSPICE's 1024-character input line, and the flat (ngspice-only) form.</summary>
    [Fact]
    public void UnexpressibleConstructs_AreRefused_NamingConstructAndDialect()
    {
        var tooLong = string.Join("+", Enumerable.Repeat("v(pos,neg)", 120));
        var e = Assert.Throws<SpiceDialectException>(() => SpiceSyntax.Hspice.CurrentSource("x", "0", "x", tooLong));
        Assert.Contains("hspice", e.Message, StringComparison.Ordinal);
        Assert.Contains("behavioural current source", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("Bx 0 x I=", SpiceSyntax.Ltspice.CurrentSource("x", "0", "x", tooLong), StringComparison.Ordinal);

        var flat = NetworkNetlists.FlatOnlyNgspice(SpiceDialect.Ltspice);
        Assert.Contains("ltspice", flat.Message, StringComparison.Ordinal);
        Assert.Contains("flat form", flat.Message, StringComparison.Ordinal);
    }
}
