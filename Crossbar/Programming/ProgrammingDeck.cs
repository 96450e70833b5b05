using System.Globalization;
using System.Text;

namespace MemristorSpice.Crossbar.Programming;

/// <summary>
/// The ngspice transient deck of a programming run: the same array (wires, cells as library memristor subcircuits
/// started at their initial resistance, 1T1R access transistors as a level-1 .model) with every line driver a PWL
/// source that replays a logged pulse sequence (<see cref="ProgrammingArray.Log"/>), each bias reached by a linear
/// ramp of a given edge time, and returns every line to 0 V at the end; it measures every cell's final state x then.
/// </summary>
public static class ProgrammingDeck
{
    /// <summary>Deck text; <paramref name="subcircuit"/> is the memristor's name in <paramref name="libraryInclude"/> (e.g. MEM_VTEAM_XBAR).</summary>
    /// <param name="array">The array with the states the sequence starts from (read here as rinit of every cell).</param>
    /// <param name="initialStates">State x of every cell when the logged sequence started.</param>
    /// <param name="options">Options the array was programmed with (cell kind, wires).</param>
    /// <param name="log">Biases and their durations, in order.</param>
    /// <param name="subcircuit">Memristor subcircuit name.</param>
    /// <param name="libraryInclude">Path written after .include.</param>
    /// <param name="edgeSeconds">Ramp between consecutive biases, Seconds.</param>
    /// <param name="maxStepSeconds">Largest transient time step, Seconds.</param>
    public static string Write(ProgrammingArray array, double[,] initialStates, ProgrammingOptions options,
        IReadOnlyList<(ArrayBias Bias, double Seconds)> log, string subcircuit, string libraryInclude, double edgeSeconds, double maxStepSeconds)
    {
        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        int rows = array.Rows, columns = array.Columns;
        var sb = new StringBuilder();
        sb.Append($"programming array {rows}x{columns} ({options.Cell}, {options.Scheme}): replay of {log.Count} biases\n");
        sb.Append(".include ").Append(libraryInclude).Append('\n');
        if (options.Cell == CellKind.OneTransistor)
        {
            var m = ProgrammingOptions.AccessTransistor;
            sb.Append($".model nch nmos (level=1 vto={N(m.Vto)} kp={N(m.Kp!.Value)} gamma={N(m.Gamma)} phi={N(m.Phi)} lambda={N(m.Lambda)})\n");
        }
        // One PWL per driver: the value of bias k holds from t_k + edge to t_k + edge + duration_k.
        string Pwl(Func<ArrayBias, double> value)
        {
            var p = new StringBuilder("PWL(0 0");
            double t = 0;
            foreach (var (bias, seconds) in log)
            {
                var v = value(bias);
                p.Append(' ').Append(N(t + edgeSeconds)).Append(' ').Append(N(v));
                t += edgeSeconds + seconds;
                p.Append(' ').Append(N(t)).Append(' ').Append(N(v));
            }
            // Every line returns to 0 V after the last bias and stays there to the end of the run.
            p.Append(' ').Append(N(t + edgeSeconds)).Append(" 0");
            return p.Append(')').ToString();
        }
        double stop = edgeSeconds;
        foreach (var (_, seconds) in log) stop += edgeSeconds + seconds;
        stop += edgeSeconds; // a quiet interval after the ramp to 0 V, so the measurement lies inside the run
        for (int r = 0; r < rows; r++)
        {
            int row = r;
            sb.Append($"vr{r} ri{r} 0 ").Append(Pwl(b => b.RowVolts[row])).Append('\n');
            if (options.Cell == CellKind.OneTransistor) sb.Append($"vw{r} w{r} 0 ").Append(Pwl(b => b.GateVolts[row])).Append('\n');
            if (options.RowWireOhms > 0)
                for (int c = 0; c < columns; c++)
                    sb.Append($"rr{r}_{c} {(c == 0 ? $"ri{r}" : array.RowNode(r, c - 1))} {array.RowNode(r, c)} {N(options.RowWireOhms)}\n");
        }
        for (int c = 0; c < columns; c++)
        {
            int column = c;
            sb.Append($"vc{c} ko{c} 0 ").Append(Pwl(b => b.ColumnVolts[column])).Append('\n');
            if (options.ColumnWireOhms > 0)
                for (int r = 0; r < rows; r++)
                    sb.Append($"rk{c}_{r} {array.ColumnNode(c, r)} {(r + 1 < rows ? array.ColumnNode(c, r + 1) : $"ko{c}")} {N(options.ColumnWireOhms)}\n");
        }
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                sb.Append($"xm{r}_{c} {array.PositiveNode(r, c)} {array.ColumnNode(c, r)} {subcircuit} rinit={N(array.Model.Resistance(initialStates[r, c]))}\n");
                if (options.Cell == CellKind.OneTransistor)
                {
                    var g = ProgrammingOptions.AccessGeometry;
                    sb.Append($"mq{r}_{c} {array.PositiveNode(r, c)} w{r} {array.RowNode(r, c)} 0 nch L={N(g.L)} W={N(g.W)}\n");
                }
            }
        sb.Append($".tran {N(maxStepSeconds)} {N(stop)} 0 {N(maxStepSeconds)} uic\n");
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                sb.Append($".meas tran x{r}_{c} FIND v(xm{r}_{c}.x) AT={N(stop - edgeSeconds / 2)}\n");
        sb.Append(".end\n");
        return sb.ToString();
    }
}
