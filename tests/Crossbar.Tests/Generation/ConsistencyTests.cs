using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.NativeDevices;
using MemristorSpice.Netlist.Reading;
using static MemristorSpice.Crossbar.Tests.Generation.GenerationFixtures;
using Engine = MemristorSpice.Engine;
using Model = MemristorSpice.Netlist.Model;

namespace MemristorSpice.Crossbar.Tests.Generation;

/// <summary>The engine circuit and the netlist text of a tile are the same circuit, element by element.</summary>
public class ConsistencyTests
{
    private sealed class Kept(string name, int pins) : INativeDevice
    {
        public string SubcircuitName => name;
        public int PinCount => pins;
        public IReadOnlyDictionary<string, double> DefaultParameters { get; } = new Dictionary<string, double> { ["rinit"] = 1.0 };
        public string SubcircuitText => "";

        // Reading keeps the X instances; this test compares them and never elaborates them to the engine.
        public Engine.Core.Entity Create(string name, IReadOnlyList<string> pins, IReadOnlyDictionary<string, double> parameters) =>
            throw new NotSupportedException("the comparison registry only reads netlists");
    }

    /// <summary>
    /// Parse the text (memristors, TIAs and difference stages kept as instances) and compare with the engine circuit
    /// built from the same layout: every row source (name, node, DC value), driver and wire resistor (name, nodes,
    /// Ohms) and memristor (name, nodes, rinit = R(x0) within 1e-12 relative: text round trip of the state) appears in
    /// both with the same values, and every TIA/difference instance drives the node the engine's amplifier drives.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ParsedNetlist_MatchesEngineCircuit(bool macroOpAmp)
    {
        var ni = new CrossbarNonIdealities { RowWireOhms = 2, ColumnWireOhms = 3, DriverOhms = 40, VariationSigma = 0.1, StuckAtMinRate = 0.1 };
        var options = Options(ni) with { OpAmp = macroOpAmp ? CrossbarOpAmps.For(OpAmpModelKind.SinglePole) : null };
        var tile = new CrossbarGenerator(options).Generate(RandomMatrix(5, 3, 61), CrossbarContext.ForMatrix("same")).Tiles[0];
        var circuit = CrossbarCircuitBuilder.Build(tile);
        var registry = new NativeDeviceRegistry()
            .Register(new Kept(tile.Device.SubcircuitName.ToLowerInvariant(), 2))
            .Register(new Kept(CrossbarNetlistWriter.TiaSubcircuit.ToLowerInvariant(), 2))
            .Register(new Kept(CrossbarNetlistWriter.DifferenceSubcircuit.ToLowerInvariant(), 3));
        var parsed = NetlistReader.ReadText(CrossbarNetlistWriter.Write(tile), Path.Combine(Path.GetTempPath(), "same.cir"), registry).Circuit;
        var byName = parsed.Elements.ToDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);

        int checkedElements = 0;
        foreach (var entity in circuit.Entities)
        {
            switch (entity)
            {
                case Engine.Components.VoltageSource v when !v.Name.Contains('.'):
                    var pv = Assert.IsType<VoltageSourceElement>(byName[v.Name]);
                    Assert.Equal((v.Positive, v.Negative, v.DcValue!.Value), (pv.Positive, pv.Negative, pv.DcValue));
                    checkedElements++;
                    break;
                case Engine.Components.Resistor r when !r.Name.Contains('.'):
                    var pr = Assert.IsType<ResistorElement>(byName[r.Name]);
                    Assert.Equal((r.Positive, r.Negative, r.Resistance), (pr.Positive, pr.Negative, pr.Resistance));
                    checkedElements++;
                    break;
                case Devices.Native.Memristor m:
                    var pm = Assert.IsType<SubcircuitInstance>(byName[m.Name]);
                    Assert.Equal([m.Positive, m.Negative], pm.Pins);
                    var r0 = m.Model.Resistance(m.InitialState);
                    Assert.True(Math.Abs(pm.Parameters["rinit"] - r0) <= 1e-12 * r0);
                    checkedElements++;
                    break;
            }
        }
        Assert.Equal(tile.Rows.Count + tile.Rows.Count(r => r.DriverName is not null) + tile.Wires.Count + tile.Cells.Count, checkedElements);
        var driven = circuit.Entities.Where(e => e.Name.Contains('.')).Select(e => e switch
        {
            Devices.Native.OpAmp a => a.Output,
            Engine.Components.CurrentControlledVoltageSource h => h.Positive,
            Engine.Components.VoltageControlledVoltageSource e2 => e2.Positive,
            _ => null,
        }).Where(n => n is not null).ToHashSet();
        foreach (var t in tile.Tias)
        {
            Assert.Equal([t.InputNode, t.OutputNode], Assert.IsType<SubcircuitInstance>(byName[t.Name]).Pins);
            Assert.Contains(t.OutputNode, driven);
        }
        foreach (var d in tile.Differences)
        {
            Assert.Equal([d.PlusNode, d.MinusNode, d.OutputNode], Assert.IsType<SubcircuitInstance>(byName[d.Name]).Pins);
            Assert.Contains(d.OutputNode, driven);
        }
        Assert.Equal(circuit.Entities.Count(e => e is Devices.Native.Memristor), parsed.Elements.OfType<SubcircuitInstance>().Count(i => i.Subcircuit.StartsWith("mem_", StringComparison.OrdinalIgnoreCase)));
    }
}
