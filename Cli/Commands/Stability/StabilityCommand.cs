using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Stability;

namespace MemristorSpice.Cli.Commands.Stability;

/// <summary>
/// <c>memspice stability</c>: per analog layer, the loop gain, phase margin and closed-loop peaking of the TIA of the
/// worst column (our engine's .ac on the generated tile circuit), and the feedback capacitor that reaches a chosen
/// phase margin. This class declares the options and binds them into <see cref="StabilitySettings"/>;
/// <see cref="StabilityHandler"/> runs them.
/// </summary>
internal sealed class StabilityCommand
{
    private readonly Option<string> _weights = new Option<string>("--weights") { Description = "Weights file (.msw, or an .onnx model).", Required = true }.ExistingFile();
    private readonly Option<string?> _nonIdeal = new("--nonideal") { Description = "Non-idealities JSON file (fields: see docs/cosim.md); the op-amp needs opAmp.gbwHz or --gbw." };
    private readonly Option<double?> _gbw = new Option<double?>("--gbw") { Description = "Op-amp gain-bandwidth product in Hz (overrides the JSON opAmp.gbwHz)." }.InRange();
    private readonly Option<double?> _a0 = new Option<double?>("--a0") { Description = "Op-amp open-loop gain A0 (overrides the JSON)." }.InRange();
    private readonly Option<double?> _wire = new Option<double?>("--wire-ohms") { Description = "Wire resistance per cell segment on rows and columns, ohms (overrides the JSON)." }.InRange();
    private readonly Option<double?> _wireFarads = new Option<double?>("--wire-farads") { Description = "Wire capacitance per cell segment to ground, farads (overrides the JSON wire.capacitanceFarads; needs --wire-ohms > 0)." }.InRange();
    private readonly Option<double> _phaseMargin = new Option<double>("--phase-margin")
    {
        Description = "Phase margin the recommended TIA feedback capacitor must reach, degrees.",
        DefaultValueFactory = _ => StabilityOptions.DefaultPhaseMarginDegrees,
    }.InRange();
    private readonly DataSetOption _dataset = new();
    private readonly Option<string> _output = new("--out") { Description = "Output folder (written atomically: complete or not at all).", Required = true };
    private readonly Option<bool> _force = OutputOptions.Force();

    /// <summary>The command with its options and action (bind, then run).</summary>
    public Command Command { get; }

    public StabilityCommand()
    {
        Command = new Command("stability",
            "Readout stability: loop gain, phase margin and closed-loop peaking of the worst column's TIA per layer (.ac on the tile circuit), and the feedback capacitor for a chosen phase margin; CSV + Bode plot.")
        {
            _weights, _nonIdeal, _gbw, _a0, _wire, _wireFarads, _phaseMargin, _dataset.Spec, _dataset.Mean, _dataset.Std, _output, _force,
        };
        Command.SetAction(parse => new StabilityHandler(Terminal.For(parse.InvocationConfiguration.Output)).Run(Bind(parse)));
    }

    public static Command Create() => new StabilityCommand().Command;

    /// <summary>The settings of a parse without errors; an op-amp without a gain-bandwidth product is a usage error.</summary>
    public StabilitySettings Bind(ParseResult parse)
    {
        var circuit = CircuitSettings.Load(parse.GetValue(_nonIdeal), null, null, parse.GetValue(_wire), parse.GetValue(_a0), parse.GetValue(_gbw), parse.GetValue(_wireFarads));
        if (circuit.OpAmpGbwHz is null)
            throw new CliException("stability needs op-amps with a gain-bandwidth product: give --gbw HZ (or opAmp.gbwHz in --nonideal); " +
                                   "an ideal or pole-free op-amp has no crossover to measure.", CliApp.UsageError);
        string weights = parse.GetValue(_weights)!;
        var dataset = _dataset.Bind(parse, weights);
        var target = OutputOptions.Target("stability", parse.GetValue(_force), weights, parse.GetValue(_nonIdeal), DataSetOption.Folder(dataset));
        return new StabilitySettings(weights, circuit, parse.GetValue(_phaseMargin), dataset, parse.GetValue(_output)!, target);
    }
}
