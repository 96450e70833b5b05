using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Simulation;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands;

/// <summary>
/// <c>memspice demo</c>: the differential crossbar of netlists/demo/crossbar-4x3.cir solved by our engine and by
/// ngspice, each output compared with the ideal math computed from the netlist's own conductances.
/// </summary>
internal static partial class DemoCommand
{
    public static Command Create()
    {
        var netlist = new Option<string?>("--netlist") { Description = "Crossbar netlist to run (default: netlists/demo/crossbar-4x3.cir)." };
        var command = new Command("demo", "Main demo: a memristor crossbar with TIA readout on our engine and on ngspice, against ideal math.") { netlist };
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            var path = parse.GetValue(netlist) ?? Path.Combine(RepoPaths.Root ?? ".", "netlists", "demo", "crossbar-4x3.cir");
            if (!File.Exists(path)) throw new CliException($"--netlist: file not found: {path}");

            var circuit = NetlistReader.ReadFile(path).Circuit;
            var ideal = IdealOutputs(circuit);
            var runner = new SimulationRunner();
            var native = runner.Run(circuit, Backend.Native);
            var ngspice = runner.Run(circuit, Backend.Ngspice);
            var ours = native.Analyses[0].Table;
            var theirs = ngspice.Analyses[0].Table;

            console.MarkupLine($"[bold]{Markup.Escape(circuit.Title.TrimStart('*', ' '))}[/]");
            console.WriteLine($"{Path.GetFileName(path)}: {circuit.Elements.Count} elements, operating point");
            var table = new Table()
                .AddColumn("output")
                .AddColumn(new TableColumn("ideal Rf·Σ(G+ − G−)·V [[V]]").RightAligned())
                .AddColumn(new TableColumn("our engine [[V]]").RightAligned())
                .AddColumn(new TableColumn("ngspice [[V]]").RightAligned())
                .AddColumn(new TableColumn("engine − ngspice [[V]]").RightAligned())
                .AddColumn(new TableColumn("engine − ideal [[V]]").RightAligned());
            double worstBackend = 0;
            foreach (var (output, expected) in ideal)
            {
                string signal = $"v({output})";
                double a = ours[signal][0], b = theirs[signal][0];
                worstBackend = Math.Max(worstBackend, Math.Abs(a - b));
                table.AddRow(output, F(expected), F(a), F(b), D(a - b), D(a - expected));
            }
            console.Write(table);
            console.WriteLine($"Solve time: our engine {native.Elapsed.TotalMilliseconds:F1} ms, ngspice {ngspice.Elapsed.TotalMilliseconds:F1} ms (process start included).");
            console.WriteLine("The engine − ideal column is the finite op-amp gain (1e6) at work; engine and ngspice solve the same circuit.");
            // Both backends solve the same linear circuit: they must agree far below the op-amp gain error.
            return worstBackend <= 1e-6 ? 0 : 1;
        });
        return command;
    }

    private static string F(double v) => v.ToString("+0.000000000;-0.000000000", CultureInfo.InvariantCulture);

    private static string D(double v) => v.ToString("+0.00E+00;-0.00E+00", CultureInfo.InvariantCulture);

    /// <summary>
    /// Ideal outputs from the element values alone: out_K = Rf · Σ_i (1/Rp_i_K − 1/Rn_i_K) · V(row i), with the
    /// row voltages taken from the DC sources driving them and Rf from the TIA feedback resistors.
    /// </summary>
    internal static SortedDictionary<string, double> IdealOutputs(NetlistCircuit circuit)
    {
        var rowVolts = circuit.Elements.OfType<VoltageSource>()
            .Where(v => v.Negative == "0" && v.Dc is not null)
            .ToDictionary(v => v.Positive, v => v.Dc!.Value);
        var rf = circuit.Elements.OfType<Resistor>().First(r => r.Name.StartsWith("rfa", StringComparison.OrdinalIgnoreCase)).Resistance;
        var sums = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var r in circuit.Elements.OfType<Resistor>())
        {
            var m = CellName().Match(r.Name);
            if (!m.Success) continue;
            double sign = m.Groups[1].Value.Equals("p", StringComparison.OrdinalIgnoreCase) ? 1 : -1;
            string output = "out" + m.Groups[2].Value;
            sums[output] = sums.GetValueOrDefault(output) + sign * rf * rowVolts[r.Positive] / r.Resistance;
        }
        return sums;
    }

    [GeneratedRegex(@"^r([pn])\d+_(\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex CellName();
}
