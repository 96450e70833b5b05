using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Elaboration;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.NativeDevices;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Netlist.Writing;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Netlist.Tests;

/// <summary>
/// The element registry is the one list of element kinds: the reader accepts exactly its letters, every element record
/// has exactly one kind (so it can be checked, written and elaborated), and a deck with one card of every kind reads,
/// writes back, reads again unchanged and simulates as ngspice simulates the same file.
/// </summary>
public class ElementRegistryTests
{
    private static string LibraryPath => Path.Combine(Dependencies.RepoRoot, "netlists", "lib", "devices.lib");

    /// <summary>
    /// One card of every kind (and of each form that reads into another kind: behavioral R, E value=, F POLY), each
    /// element on a DC path so the operating point is well defined. A new kind must add its card here.
    /// </summary>
    private static string EveryKindDeck => $$"""
        one card of every element kind
        .include {{LibraryPath}}
        .model dm d(is=1e-14 rs=10)
        .model nm nmos(vto=0.7 kp=1e-4)
        .model qn npn(bf=100)
        .model sm sw(vt=0.5 vh=0.1 ron=10 roff=1e6)
        .model wm csw(it=1m ih=0.1m ron=10 roff=1e6)
        .model jn njf(vto=-2 beta=1e-4 lambda=0.01)
        V1 in 0 dc 1 ac 1 sin(1 0.5 1k)
        I1 0 n1 dc 1m
        R1 in n1 1k tc1=0.001
        R2 n1 0 r={1k + 100*v(in)}
        C1 n1 0 1n ic=0.1
        L1 in n3 1u
        R3 n3 0 1k
        L2 n4 0 2u
        R4 in n4 1k
        K1 L1 L2 0.5
        E1 e 0 in 0 2
        E2 e2 0 value={v(in)*2}
        G1 0 g in 0 1m
        Rg g 0 1k
        F1 0 f V1 2
        Rf f 0 1
        F2 0 f2 poly(1) V1 0 3
        Rf2 f2 0 1
        H1 h 0 V1 100
        B1 b 0 V={v(in)*v(in)}
        D1 in d dm
        Rd d 0 1k
        M1 m in 0 0 nm l=1u w=2u
        Rm in m 10k
        Q1 qc qb 0 qn
        Rb in qb 100k
        Rc in qc 1k
        S1 s 0 in 0 sm
        W1 w 0 V1 wm
        Rw in w 1k
        J1 jd 0 0 jn
        Rj in jd 1k
        Rs in s 1k
        XU1 0 inn out OPAMP_POLE a0=1e5 gbw=10meg
        Ri in inn 1k
        Rfb inn out 9k
        .op
        .end
        """;

    private static readonly INativeDeviceRegistry Devices = DeviceLibraryRegistry.Create();

    [Fact]
    public void Reader_accepts_exactly_the_registered_letters()
    {
        var registered = ElementRegistry.Default.Kinds.Select(k => k.Letter).OfType<char>().ToHashSet();
        Assert.NotEmpty(registered);
        for (char letter = 'a'; letter <= 'z'; letter++)
        {
            string? message = null;
            try
            {
                NetlistReader.ReadText($"t\n{letter}1 a 0 1\n.op\n.end\n");
            }
            catch (NetlistException ex)
            {
                message = ex.Message;
            }
            // X lines are subcircuit instances, expanded by the flattener: never "not supported". A lines (XSPICE) are
            // refused with "not supported: <the code model> on the A element".
            bool rejected = message?.Contains("is not supported") == true || message?.Contains("error: not supported: ") == true;
            Assert.True(rejected == !(registered.Contains(letter) || letter == 'x'), $"{letter}: {message ?? "accepted"}");
        }
    }

    [Fact]
    public void Every_element_record_has_exactly_one_kind()
    {
        var records = typeof(Element).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false } && typeof(Element).IsAssignableFrom(t)).ToHashSet();
        var described = ElementRegistry.Default.Kinds.Select(k => k.RecordType).ToList();
        Assert.Equal(described.Count, described.Distinct().Count());
        Assert.Equal(records.OrderBy(t => t.Name), described.OrderBy(t => t.Name));
    }

    [Fact]
    public void Records_do_not_share_names_with_engine_entities()
    {
        var engine = typeof(Engine.Core.Entity).Assembly.GetTypes().Select(t => t.Name).ToHashSet();
        foreach (var kind in ElementRegistry.Default.Kinds) Assert.DoesNotContain(kind.RecordType.Name, engine);
    }

    [Fact]
    public void Deck_with_every_kind_covers_every_letter_and_record()
    {
        var circuit = NetlistReader.ReadText(EveryKindDeck, "every.cir", Devices).Circuit;
        var letters = circuit.Elements.Select(e => e.Name[0]).ToHashSet();
        foreach (var kind in ElementRegistry.Default.Kinds)
        {
            if (kind.Letter is { } letter) Assert.Contains(letter, letters);
            Assert.Contains(circuit.Elements, e => e.GetType() == kind.RecordType);
        }
    }

    [Fact]
    public void Every_kind_reads_writes_and_reads_back_equal()
    {
        var first = NetlistReader.ReadText(EveryKindDeck, "every.cir", Devices).Circuit;
        var text = NetlistWriter.Write(first);
        var back = NetlistReader.ReadText(text, "written.cir", Devices).Circuit;
        Assert.Empty(first.DifferencesFrom(back));
        Assert.Equal(first.Elements, back.Elements);
    }

    [Fact]
    public void Every_kind_elaborates_to_one_engine_entity_of_the_same_name()
    {
        var circuit = NetlistReader.ReadText(EveryKindDeck, "every.cir", Devices).Circuit;
        var engine = new Elaborator(Devices).Elaborate(circuit).Circuit;
        Assert.Equal(circuit.Elements.Select(e => e.Name), engine.Entities.Select(e => e.Name));
    }

    /// <summary>
    /// The operating point of the deck with every kind, native engine against ngspice on the same file, at
    /// <see cref="ComparisonTolerance.Default"/> (1e-4 relative + 1 µV / 1 nA), the level the engine is validated to:
    /// a kind that maps a value or a model parameter wrongly moves its nodes by far more.
    /// </summary>
    [Fact]
    public void Every_kind_simulates_like_ngspice()
    {
        Dependencies.RequireNgspice();
        var path = Path.Combine(Path.GetTempPath(), $"every-kind-{Environment.ProcessId}.cir");
        File.WriteAllText(path, EveryKindDeck);
        try
        {
            var reference = new SimulationRunner().RunFile(path, Backend.Ngspice);
            var ours = new SimulationRunner { Registry = Devices }.RunFile(path, Backend.Native);
            var report = BackendComparison.Compare(ours, reference, ComparisonTolerance.Default);
            var failing = report.Signals.Where(s => !s.Pass).Select(s => $"{s.Signal}: max {s.MaxDifference:G3} > tol {s.Tolerance:G3}");
            Assert.True(report.Pass, string.Join("; ", report.Problems.Concat(failing)));
            Assert.True(report.Signals.Count >= 20, $"only {report.Signals.Count} signals compared");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
