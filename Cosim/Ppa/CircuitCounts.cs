using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cosim.Ppa;

/// <summary>Hardware of one analog layer (or a sum of layers) as counted in its generated netlists.</summary>
/// <param name="Crossbars">Physical crossbars (tile netlists).</param>
/// <param name="Memristors">Memristor instances (X cards of a MEM_* subcircuit).</param>
/// <param name="OpAmps">Op-amp stages: TIA plus difference-stage instances.</param>
/// <param name="Dacs">Row drivers fed by the controller (row sources except the bias row, which sits at the constant Vread).</param>
/// <param name="Adcs">One per tile output (difference-stage output), as the controller digitizes every tile's partial sums.</param>
public readonly record struct HardwareCounts(int Crossbars, long Memristors, int OpAmps, int Dacs, int Adcs)
{
    /// <summary>Counts of two layers added field by field.</summary>
    public static HardwareCounts operator +(HardwareCounts a, HardwareCounts b) =>
        new(a.Crossbars + b.Crossbars, a.Memristors + b.Memristors, a.OpAmps + b.OpAmps, a.Dacs + b.Dacs, a.Adcs + b.Adcs);
}

/// <summary>
/// Counts the hardware in the text of one generated tile netlist (<see cref="CrossbarNetlistWriter"/> output): top-level
/// cards only (subcircuit bodies are skipped), memristors = X instances of a MEM_* subcircuit, op-amps = instances of
/// the TIA and difference-stage subcircuits, DACs = row sources vrowN not marked as the bias row, ADCs = difference
/// stages (one digitized output each). Reads the netlist as text, independently of the layout it was written from.
/// </summary>
internal static class NetlistCounter
{
    public static HardwareCounts Count(string netlist)
    {
        long memristors = 0;
        int opAmps = 0, dacs = 0, adcs = 0;
        bool inSubcircuit = false;
        foreach (var raw in netlist.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '*') continue;
            var lower = line.ToLowerInvariant();
            if (lower.StartsWith(".subckt")) { inSubcircuit = true; continue; }
            if (lower.StartsWith(".ends")) { inSubcircuit = false; continue; }
            if (inSubcircuit) continue;
            var code = line.Split(';')[0];
            var tokens = code.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (char.ToLowerInvariant(line[0]))
            {
                case 'x':
                    var subcircuit = tokens.Skip(1).FirstOrDefault(t => t.StartsWith("MEM_", StringComparison.OrdinalIgnoreCase)
                        || t.Equals(CrossbarNetlistWriter.TiaSubcircuit, StringComparison.OrdinalIgnoreCase)
                        || t.Equals(CrossbarNetlistWriter.DifferenceSubcircuit, StringComparison.OrdinalIgnoreCase));
                    if (subcircuit is null) break;
                    if (subcircuit.StartsWith("MEM_", StringComparison.OrdinalIgnoreCase)) memristors++;
                    else
                    {
                        opAmps++;
                        if (subcircuit.Equals(CrossbarNetlistWriter.DifferenceSubcircuit, StringComparison.OrdinalIgnoreCase)) adcs++;
                    }
                    break;
                case 'v':
                    if (lower.StartsWith("vrow") && !lower.Contains("; bias row")) dacs++;
                    break;
            }
        }
        return new HardwareCounts(1, memristors, opAmps, dacs, adcs);
    }
}

/// <summary>Counts of one analog layer from its generated netlists, next to the mapping rules' counts.</summary>
public sealed record LayerHardware(string Layer, AnalogKind Kind, int LogicalCrossbars, int PositionsPerImage, HardwareCounts Counts,
    long RuleMemristors, int RuleOpAmps, int RuleTiles, double SlowestColumnSiemens)
{
    /// <summary>
    /// Physical devices per cell (design point variation.devicesPerCell for this layer). The netlists and the metered
    /// co-simulation model the k parallel devices as one device at their mean conductance, so the counts and the array
    /// power of the netlists are those of one device per cell; <see cref="WithDevicesPerCell"/> scales them to k.
    /// </summary>
    public int DevicesPerCell { get; init; } = 1;

    /// <summary>
    /// This layer with <paramref name="k"/> devices in parallel per cell: k times the memristors (cell area), and
    /// <see cref="DevicesPerCell"/> = k so the estimator takes k times the metered array power (k devices at the mean
    /// conductance G carry k·G·V, read with the TIA feedback conductance scaled by k).
    /// </summary>
    public LayerHardware WithDevicesPerCell(int k) => k == 1 ? this : this with
    {
        Counts = Counts with { Memristors = Counts.Memristors * k },
        RuleMemristors = RuleMemristors * k,
        DevicesPerCell = k,
    };
}

/// <summary>
/// Generates every tile netlist of a network (Crossbar/Generation, as <c>memspice generate network</c> does without
/// <c>--representative</c>) and counts the hardware in the netlist text, per analog layer. Also returns the largest
/// total cell conductance seen by any TIA input (for the read-time settling estimate).
/// </summary>
internal static class CircuitInventory
{
    /// <param name="network">Folded network mapped onto crossbars.</param>
    /// <param name="modelName">Model name used in the generated netlist names.</param>
    /// <param name="options">Generator options (device, op-amp, non-idealities).</param>
    /// <param name="inputFullScales">Calibrated DAC full scale (amax) per layer name, as the co-simulation programs the tiles
    /// (it sets the bias-row conductances); null = the options' input full scale.</param>
    public static IReadOnlyList<LayerHardware> Count(CrossbarNetwork network, string modelName, CrossbarOptions options,
        IReadOnlyDictionary<string, double>? inputFullScales = null)
    {
        var generated = new NetworkGenerator(options).Generate(network, modelName, modelName, CrossbarSelection.All, inputFullScales);
        var result = new List<LayerHardware>();
        foreach (var layer in generated.Layers)
        {
            var counts = default(HardwareCounts);
            double slowest = 0;
            foreach (var x in layer.Crossbars)
                foreach (var tile in x.Tiles)
                {
                    counts += NetlistCounter.Count(CrossbarNetlistWriter.Write(tile));
                    slowest = Math.Max(slowest, LargestColumnConductance(tile));
                }
            result.Add(new LayerHardware(layer.Stage.Name, layer.Stage.Kind, layer.Crossbars.Count, layer.Stage.Positions, counts,
                layer.Rules.Memristors, layer.Rules.OpAmps, layer.Rules.Crossbars, slowest));
        }
        return result;
    }

    /// <summary>Largest Σ G of the cells on one physical column (what the TIA input sees besides Rf), siemens.</summary>
    public static double LargestColumnConductance(CrossbarTileLayout tile) => tile.Cells
        .GroupBy(c => (c.Output, c.IsPositive))
        .Select(g => g.Sum(c => 1 / tile.Device.Model.Resistance(c.State)))
        .DefaultIfEmpty(0).Max();
}

/// <summary>
/// Settling estimate of one read for single-pole op-amps: the TIA's feedback factor is β = 1/(1 + Rf·G_column), its
/// closed-loop time constant τ = 1/(2π·GBW·β); settling to 1/2 LSB of an n-bit ADC takes ln(2^(n+1))·τ. The unity
/// difference stage (β = 1/2) follows in series. Standard single-pole settling (e.g. Johns and Martin, Analog
/// Integrated Circuit Design, ch. on op-amp settling); slewing and the second pole are ignored.
/// </summary>
internal static class ReadSettling
{
    public static double Seconds(double columnSiemens, double feedbackOhms, double gbwHz, int bits)
    {
        double ln = Math.Log(Math.Pow(2, bits + 1));
        double betaTia = 1 / (1 + feedbackOhms * columnSiemens);
        return ln / (2 * Math.PI * gbwHz * betaTia) + ln / (2 * Math.PI * gbwHz * 0.5);
    }
}
