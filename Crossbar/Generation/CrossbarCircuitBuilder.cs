using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.Native;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Crossbar.Generation;

/// <summary>How a cell appears in the engine circuit.</summary>
public enum CellElementKind
{
    /// <summary>Native memristor entity in its programmed state (transients show the device dynamics). Default.</summary>
    Memristor,

    /// <summary>A resistor of the programmed resistance R(x0): exactly what the memristor is in OP/DC, and linear, so
    /// <see cref="MemristorSpice.Engine.Analyses.LinearCircuitSolver"/> accepts the tile (read-mode fast path of the co-simulator).</summary>
    ReadResistor,
}

/// <summary>
/// Builds the engine <see cref="Circuit"/> of a tile from its <see cref="CrossbarTileLayout"/>. Subcircuits of the
/// netlist text are flattened with ngspice's naming (element e of instance xtia3p is xtia3p.e, its internal node n
/// is xtia3p.n), so node names are the same in both.
/// </summary>
public static class CrossbarCircuitBuilder
{
    /// <summary>Builds the engine circuit of one tile; <paramref name="cells"/> chooses memristors or fixed resistors for the cells.</summary>
    /// <param name="layout">The tile.</param>
    /// <param name="cells">Memristor entities or read resistors.</param>
    /// <param name="readSiemens">Read resistors only: the conductance of each cell in Siemens instead of the programmed
    /// 1/R(x0) (an aged array: retention drift or read disturb); null = as programmed.</param>
    public static Circuit Build(CrossbarTileLayout layout, CellElementKind cells = CellElementKind.Memristor, Func<CrossbarCell, double>? readSiemens = null)
    {
        var circuit = new Circuit(layout.Title);
        foreach (var row in layout.Rows)
        {
            circuit.Add(new VoltageSource(row.SourceName, row.SourceNode, "0", row.Volts));
            if (row.DriverName is { } d) circuit.Add(new Resistor(d, row.SourceNode, row.RowNode, row.DriverOhms));
        }
        foreach (var cell in layout.Cells)
        {
            circuit.Add(cells == CellElementKind.Memristor
                ? new Memristor(cell.Name, cell.RowNode, cell.ColumnNode, layout.Device.Model, cell.State)
                : new Resistor(cell.Name, cell.RowNode, cell.ColumnNode, readSiemens is null ? layout.Device.Model.Resistance(cell.State) : 1 / readSiemens(cell)));
        }
        foreach (var w in layout.Wires) circuit.Add(new Resistor(w.Name, w.NodeA, w.NodeB, w.Ohms));
        foreach (var t in layout.Tias)
        {
            if (layout.OpAmp is not { } op)
            {
                // Ideal TIA: 0 V ammeter from the column to ground, out = −Rf·i(ammeter).
                circuit.Add(new VoltageSource($"{t.Name}.vam", t.InputNode, "0", 0.0));
                circuit.Add(new CurrentControlledVoltageSource($"{t.Name}.hout", t.OutputNode, "0", $"{t.Name}.vam", -layout.FeedbackOhms));
                continue;
            }
            // TIA subcircuit: op-amp (inp = ground, inn = column) with Rf from the column to the output.
            circuit.Add(new OpAmp($"{t.Name}.xoa", "0", t.InputNode, t.OutputNode, op));
            circuit.Add(new Resistor($"{t.Name}.rf", t.InputNode, t.OutputNode, layout.FeedbackOhms));
        }
        foreach (var s in layout.Differences)
        {
            if (layout.OpAmp is not { } op)
            {
                circuit.Add(new VoltageControlledVoltageSource($"{s.Name}.eout", s.OutputNode, "0", s.PlusNode, s.MinusNode, 1.0));
                continue;
            }
            // Difference subcircuit: out = V(plus) − V(minus) with four equal resistors.
            string p = $"{s.Name}.p", n = $"{s.Name}.n";
            circuit.Add(new Resistor($"{s.Name}.r1", s.PlusNode, p, layout.DifferenceOhms));
            circuit.Add(new Resistor($"{s.Name}.r2", p, "0", layout.DifferenceOhms));
            circuit.Add(new Resistor($"{s.Name}.r3", s.MinusNode, n, layout.DifferenceOhms));
            circuit.Add(new Resistor($"{s.Name}.r4", n, s.OutputNode, layout.DifferenceOhms));
            circuit.Add(new OpAmp($"{s.Name}.xoa", p, n, s.OutputNode, op));
        }
        return circuit;
    }

}
