using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Crossbar.Programming;

namespace MemristorSpice.Cli.Commands.Programming;

/// <summary>
/// <c>memspice program</c>: programs every crossbar cell of a network (or one layer) to the co-simulation's target
/// conductance, cell by cell, through the array circuit (write-verify ISPP, V/2 or V/3 biasing, 0T1R or 1T1R cells).
/// This class declares the options and binds them into <see cref="ProgramSettings"/>; <see cref="ProgramHandler"/> runs them.
/// </summary>
internal sealed class ProgramCommand
{
    private static readonly ProgrammingOptions Defaults = new();
    private readonly Option<string> _weights = new Option<string>("--weights") { Description = "Weights file (.msw, or an .onnx model).", Required = true }.ExistingFile();
    private readonly Option<string> _scheme = new Option<string>("--scheme")
    {
        Description = "Biasing of the unselected lines: v2 (half-selected cells see V/2) or v3 (every unselected cell sees V/3).",
        DefaultValueFactory = _ => "v3",
    }.AcceptOnlyFromAmong("v2", "v3");
    private readonly Option<string> _cell = new Option<string>("--cell")
    {
        Description = "Cell: 0t1r (passive memristor, sneak paths) or 1t1r (level-1 NMOS access transistor, gate on the row's word line).",
        DefaultValueFactory = _ => "0t1r",
    }.AcceptOnlyFromAmong("0t1r", "1t1r");
    private readonly Option<string?> _layer = new("--layer") { Description = "Program only this layer (default: every analog layer)." };
    private readonly Option<int?> _maxTiles = new Option<int?>("--max-tiles") { Description = "Tiles programmed per layer, a seeded sample (default: all)." }.InRange();
    private readonly Option<int?> _maxCells = new Option<int?>("--max-cells") { Description = "Cells programmed per tile, row-major (default: all)." }.InRange();
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the tile sample.", DefaultValueFactory = _ => 1 };
    private readonly Option<double> _start = new Option<double>("--start-volts") { Description = "First ISPP pulse amplitude, volts.", DefaultValueFactory = _ => Defaults.StartVolts }.InRange();
    private readonly Option<double> _step = new Option<double>("--step-volts") { Description = "ISPP amplitude step per pulse of one polarity, volts.", DefaultValueFactory = _ => Defaults.StepVolts }.InRange();
    private readonly Option<double> _max = new Option<double>("--max-volts") { Description = "Largest ISPP amplitude, volts.", DefaultValueFactory = _ => Defaults.MaxVolts }.InRange();
    private readonly Option<double> _width = new Option<double>("--pulse-seconds") { Description = "Width of the first pulses, seconds (times the shrink factor at each overshoot).", DefaultValueFactory = _ => Defaults.PulseSeconds }.InRange();
    private readonly Option<double> _tolerance = new Option<double>("--tolerance") { Description = "Verify window: |G - target| <= tolerance x (Gmax - Gmin).", DefaultValueFactory = _ => Defaults.Tolerance }.InRange();
    private readonly Option<int> _maxPulses = new Option<int>("--max-pulses") { Description = "Write pulses per cell before giving up.", DefaultValueFactory = _ => Defaults.MaxPulses }.InRange();
    private readonly Option<string?> _design = CircuitSettings.CreateFileOption(
        "Design-point JSON file of the co-simulation whose mapping is programmed (device, read voltage, converters; its wire resistance is the array's). Default: the realistic design.");
    private readonly Option<bool> _faultAware = CircuitSettings.CreateFaultAwareOption();
    private readonly Option<int?> _spareColumns = CircuitSettings.CreateSpareColumnsOption();
    private readonly Option<string?> _faultMap = CircuitSettings.CreateFaultMapOption();
    private readonly DataSetOption _dataset = new();
    private readonly Option<string> _output = new("--out") { Description = "Output folder (written atomically: complete or not at all).", Required = true };
    private readonly Option<bool> _force = OutputOptions.Force();

    /// <summary>The command with its options and action.</summary>
    public Command Command { get; }

    public ProgramCommand()
    {
        Command = new Command("program", "Program every crossbar cell to its co-simulation target through the array circuit (write-verify ISPP, V/2 or V/3, 0T1R or 1T1R); pulses, time, energy, error and disturbance per layer.")
        {
            _weights, _scheme, _cell, _layer, _maxTiles, _maxCells, _seed, _start, _step, _max, _width, _tolerance, _maxPulses, _design,
            _faultAware, _spareColumns, _faultMap, _dataset.Spec, _dataset.Mean, _dataset.Std, _output, _force,
        };
        Command.SetAction(parse => new ProgramHandler(Terminal.For(parse.InvocationConfiguration.Output)).Run(Bind(parse)));
    }

    public static Command Create() => new ProgramCommand().Command;

    /// <summary>The settings of a parse without errors; an inconsistent ISPP schedule is a usage error.</summary>
    public ProgramSettings Bind(ParseResult parse)
    {
        // The same fault-mapping options as cosim: the array is programmed as that placement lays it out.
        var circuit = CircuitSettings.WithFaultMapping(CircuitSettings.LoadDesign(parse.GetValue(_design), false).Circuit,
            parse.GetValue(_faultAware), parse.GetValue(_spareColumns), parse.GetValue(_faultMap));
        var options = new ProgrammingOptions
        {
            Scheme = parse.GetValue(_scheme) == "v2" ? BiasScheme.HalfVoltage : BiasScheme.ThirdVoltage,
            Cell = parse.GetValue(_cell) == "1t1r" ? CellKind.OneTransistor : CellKind.Passive,
            StartVolts = parse.GetValue(_start), StepVolts = parse.GetValue(_step), MaxVolts = parse.GetValue(_max),
            PulseSeconds = parse.GetValue(_width), Tolerance = parse.GetValue(_tolerance), MaxPulses = parse.GetValue(_maxPulses),
            ReadVolts = circuit.VreadVolts, RowWireOhms = circuit.WireRowOhms, ColumnWireOhms = circuit.WireColumnOhms,
        };
        try { options.Validate(); }
        catch (ArgumentException e) { throw new CliException(e.Message, CliApp.UsageError); }
        string weights = parse.GetValue(_weights)!;
        var dataset = _dataset.Bind(parse, weights);
        var target = OutputOptions.Target("program", parse.GetValue(_force), weights, parse.GetValue(_design), DataSetOption.Folder(dataset), parse.GetValue(_faultMap));
        return new ProgramSettings(weights, dataset, circuit, options, parse.GetValue(_layer), parse.GetValue(_maxTiles), parse.GetValue(_maxCells),
            parse.GetValue(_seed), parse.GetValue(_output)!, target);
    }
}
