using System.Text;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.OpAmps;
using MemristorSpice.Devices.Spice;
using static MemristorSpice.Devices.Spice.SpiceFormat;

namespace MemristorSpice.Crossbar.Generation;

/// <summary>
/// The design point a hierarchical netlist writes as <c>.param</c> lines at the top of every deck, so that ngspice can
/// change it without regenerating (<c>alterparam rf=20000</c>, <c>reset</c>, <c>run</c>). Each cell keeps its position
/// u = (G − Gmin)/(Gmax − Gmin) in the window and is programmed to rinit = 1/(gmin + (gmax − gmin)·u), so a new window
/// remaps every weight. Elements that are absent from the structure (no wire resistance, ideal drivers, ideal
/// op-amps) have no parameter: adding them needs a regeneration.
/// </summary>
/// <param name="ReadVolts">vread: row voltage of a full-scale input and of the bias row, Volts.</param>
/// <param name="GminSiemens">gmin: lower end of the mapping window, Siemens.</param>
/// <param name="GmaxSiemens">gmax: upper end of the mapping window, Siemens.</param>
/// <param name="FeedbackOhms">rf: TIA feedback resistance, Ohms.</param>
/// <param name="DifferenceOhms">rdiff: the four resistors of each difference stage, Ohms (macro-model op-amps only).</param>
/// <param name="OpAmp">Op-amp macro model (a0, and gbw when it has a pole); null = ideal (nullor equivalents).</param>
/// <param name="RowWireOhms">rrow: row wire resistance per cell segment, Ohms (0 = no row wire resistors).</param>
/// <param name="ColumnWireOhms">rcol: column wire resistance per cell segment, Ohms (0 = no column wire resistors).</param>
/// <param name="DriverOhms">rdrv: row driver (DAC) output resistance, Ohms (0 = ideal drivers).</param>
/// <param name="WireFarads">cwire: wire capacitance per segment (far node to ground), Farads; 0 = no capacitors.</param>
public sealed record NetlistParameters(double ReadVolts, double GminSiemens, double GmaxSiemens, double FeedbackOhms, double DifferenceOhms,
    OpAmpParameters? OpAmp, double RowWireOhms, double ColumnWireOhms, double DriverOhms, double WireFarads = 0)
{
    /// <summary>The design point of generator options and their conductance window.</summary>
    public static NetlistParameters Of(CrossbarOptions o, ConductanceRange range, double wireFarads = 0) =>
        new(o.ReadVolts, range.MinSiemens, range.MaxSiemens, o.FeedbackOhms, o.DifferenceOhms, o.OpAmp,
            o.NonIdealities.RowWireOhms, o.NonIdealities.ColumnWireOhms, o.NonIdealities.DriverOhms, wireFarads);

    /// <summary>True when the tiles have wire segments (and so take <c>cwire</c> capacitors when it is above 0).</summary>
    public bool HasWires => RowWireOhms > 0 || ColumnWireOhms > 0;

    /// <summary>Position of a conductance in the window: u = (G − Gmin)/(Gmax − Gmin).</summary>
    public double Position(double siemens) => (siemens - GminSiemens) / (GmaxSiemens - GminSiemens);

    /// <summary>The <c>.param</c> block, one parameter per line with its meaning and unit in a comment above.</summary>
    public string Block() => Block(SpiceSyntax.Ngspice);

    /// <summary>The <c>.param</c> block in the syntax of a dialect (plain numbers: the same lines, a different hint).</summary>
    public string Block(SpiceSyntax syntax)
    {
        var sb = new StringBuilder();
        sb.Append(syntax.Dialect switch
        {
            SpiceDialect.Hspice => "* design point: edit here, or sweep with '.alter' and a new '.param NAME=VALUE'\n",
            SpiceDialect.Ltspice => "* design point: edit here, or sweep one with '.step param NAME list ...'\n",
            _ => "* design point: change with 'alterparam NAME=VALUE' then 'reset' in ngspice, or edit here\n",
        });
        void P(string name, double value, string meaning) =>
            sb.Append("* ").Append(name).Append(": ").Append(meaning).Append('\n').Append(".param ").Append(name).Append('=').Append(Number(value)).Append('\n');
        P("vread", ReadVolts, "read voltage of a full-scale input and of the bias row, V");
        P("gmin", GminSiemens, "conductance of weight 0, S (cells keep their position u in [gmin, gmax])");
        P("gmax", GmaxSiemens, "conductance of weight +-wmax, S");
        P("rf", FeedbackOhms, "TIA feedback resistance, Ohm");
        if (OpAmp is { } op)
        {
            P("rdiff", DifferenceOhms, "difference-stage resistors, Ohm");
            P("a0", op.OpenLoopGain, "op-amp open-loop DC gain, V/V");
            if (op.GainBandwidthHertz is { } gbw) P("gbw", gbw, "op-amp gain-bandwidth product, Hz");
        }
        if (RowWireOhms > 0) P("rrow", RowWireOhms, "row wire resistance per cell segment, Ohm");
        if (ColumnWireOhms > 0) P("rcol", ColumnWireOhms, "column wire resistance per cell segment, Ohm");
        if (HasWires && WireFarads > 0) P("cwire", WireFarads, "wire capacitance per segment to ground, F");
        if (DriverOhms > 0) P("rdrv", DriverOhms, "row driver (DAC) output resistance, Ohm");
        return sb.ToString();
    }
}
