using OperatingPoint = MemristorSpice.Engine.Analyses.OperatingPoint;
using WaveformTable = MemristorSpice.Engine.Results.WaveformTable;
using MemristorSpice.Netlist.Elaboration;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Simulation;

/// <summary>
/// A .dc sweep of a resistor's value (Ohms) or of the circuit temperature (TEMP, °C), alone or nested with a source
/// sweep, as ngspice runs them: at every point the netlist is rebuilt with the swept value (the temperature reaches
/// every model's temperature scaling through elaboration) and its operating point solved. The table has the shape
/// of a source sweep (<see cref="Engine.Analyses.DcSweep"/>): the inner sweep as the axis, the outer one as "sweep2".
/// </summary>
public static class ParametricDcSweep
{
    /// <summary>Runs the sweep; one operating point per value, the circuit elaborated anew each time.</summary>
    public static WaveformTable Run(NetlistCircuit netlist, DcAnalysis dc, Elaborator elaborator)
    {
        var inner = dc.Sweeps[0];
        var outer = dc.Sweeps.Count > 1 ? dc.Sweeps[1] : null;
        var outerValues = outer?.Values() ?? [double.NaN];
        var axis = new List<double>();
        var second = new List<double>();
        Dictionary<string, List<double>>? columns = null;
        List<string>? order = null;
        foreach (double vo in outerValues)
            foreach (double vi in inner.Values())
            {
                var variant = With(netlist, inner, vi);
                if (outer is not null) variant = With(variant, outer, vo);
                var built = elaborator.Elaborate(variant);
                var point = new OperatingPoint(built.Circuit, built.Options).Run().ToTable();
                if (columns is null)
                {
                    order = point.Names.ToList();
                    columns = order.ToDictionary(n => n, _ => new List<double>(), StringComparer.OrdinalIgnoreCase);
                }
                foreach (var name in order!) columns[name].Add(point[name][0]);
                axis.Add(vi);
                second.Add(vo);
            }
        var signals = order!.Select(n => new KeyValuePair<string, double[]>(n, columns![n].ToArray())).ToList();
        if (outer is not null) signals.Add(new("sweep2", second.ToArray()));
        return new WaveformTable(inner.Source, axis.ToArray(), signals);
    }

    /// <summary>A copy of the netlist with the swept quantity at <paramref name="value"/>.</summary>
    private static NetlistCircuit With(NetlistCircuit netlist, Model.DcSweep sweep, double value)
    {
        // The swept temperature replaces both .options temp and a .temp line (which would otherwise win).
        var options = sweep.Source == Model.DcSweep.Temperature
            ? netlist.Options with { Numeric = new(netlist.Options.Numeric, StringComparer.Ordinal) { ["temp"] = value }, TempDirective = null }
            : null;
        return netlist.With(e => e.Name != sweep.Source ? e : e switch
        {
            ResistorElement r when value != 0 => r with { Resistance = value },
            ResistorElement => throw new SimulationException($".dc {sweep.Source}: a resistance of 0 Ohm (use a voltage source of 0 V for a short)"),
            VoltageSourceElement v => v with { Dc = value },
            CurrentSourceElement i => i with { Dc = value },
            _ => e,
        }, options);
    }
}
