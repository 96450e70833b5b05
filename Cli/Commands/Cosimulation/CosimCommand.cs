using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cli.Commands.Cosimulation;

/// <summary>
/// <c>memspice cosim</c>: runs test images through the crossbar circuits of every analog layer with the digital
/// controller (DAC, ADC, tile sums, ReLU, pooling, GAP) and compares every layer with ideal float math. This class
/// declares the options and binds them into <see cref="CosimSettings"/> (all cross-option checks happen there);
/// <see cref="CosimRun"/> runs the settings.
/// </summary>
internal sealed class CosimCommand
{
    /// <summary>The old <c>--backend</c> spelling that means "native, plus an ngspice cross-check".</summary>
    public const string NgspiceAlias = "ngspice";

    private readonly Option<string> _weights = new Option<string>("--weights") { Description = "Weights file (.msw, or an .onnx model).", Required = true }.ExistingFile();
    private readonly Option<int?> _images = new Option<int?>("--images") { Description = "Co-simulate the first N test images (default: all)." }.InRange();
    private readonly Option<string> _mode = new Option<string>("--mode")
    {
        Description = "dc: every read is a DC operating point of the tile circuit (linear read mode, fast path). " +
                      "tran: patches applied as a pulse train, one read slot per patch (op-amp GBW, wire capacitance and device dynamics act), outputs sampled at the end of each slot.",
        DefaultValueFactory = _ => "dc",
    }.AcceptOnlyFromAmong("dc", "tran");
    private readonly Option<string> _backend = new Option<string>("--backend")
    {
        Description = "What computes the run's reads: native (our circuit engine) or ideal (float math, no circuit; reference, dc only). " +
                      "ngspice is accepted for older scripts and means native plus an ngspice cross-check of --ngspice-patches patches per layer " +
                      "(the same as --ngspice-check K); ngspice never computes the run itself.",
        DefaultValueFactory = _ => "native",
    }.AcceptOnlyFromAmong("native", "ideal", NgspiceAlias);
    private readonly Option<string?> _nonIdeal = CircuitSettings.CreateFileOption(
        "Design-point JSON file (fields, units and defaults: docs/cosim.md \"Design point\"; `memspice design --out FILE` writes the defaults). " +
        "Default: the realistic design (1 ohm wires, A0 1e5, GBW 10 MHz, 8-bit DAC/ADC, 1 µs read).");
    private readonly Option<bool> _ideal = CircuitSettings.CreateIdealOption();
    private readonly Option<int?> _dacBits = new Option<int?>("--dac-bits") { Description = "DAC bits (overrides the JSON; 0 = ideal)." }.InRange();
    private readonly Option<int?> _adcBits = new Option<int?>("--adc-bits") { Description = "ADC bits (overrides the JSON; 0 = ideal, else >= 2)." }.InRange();
    private readonly Option<double?> _wire = new Option<double?>("--wire-ohms") { Description = "Wire resistance per cell segment on rows and columns, ohms (overrides the JSON)." }.InRange();
    private readonly Option<double?> _a0 = new Option<double?>("--a0") { Description = "Op-amp open-loop gain A0 (overrides the JSON)." }.InRange();
    private readonly Option<double?> _gbw = new Option<double?>("--gbw") { Description = "Op-amp gain-bandwidth product in Hz (overrides the JSON opAmp.gbwHz; acts in tran mode)." }.InRange();
    private readonly Option<double?> _wireFarads = new Option<double?>("--wire-farads") { Description = "Wire capacitance per cell segment to ground, farads (overrides the JSON wire.capacitanceFarads; tran mode; needs --wire-ohms > 0)." }.InRange();
    private readonly Option<string?> _readTime = ReadTimeOption.Create(
        "tran: read slot per patch (overrides the design's read.timeSeconds; settling.png shows what each layer needs).");
    private readonly Option<int?> _stepsPerSlot = new Option<int?>("--steps-per-slot")
    {
        Description = "tran: fixed time steps per read slot (overrides the design's read.stepsPerSlot, default 40).",
    }.InRange();
    private readonly Option<int> _chunkPatches = new Option<int>("--chunk-patches")
    {
        Description = "tran, full solver: patches per continuous pulse train; chunks run in parallel, each from the settled state of the patch before it.",
        DefaultValueFactory = _ => new TranOptions().ChunkPatches,
    }.InRange();
    private readonly Option<string> _tranSolver = new Option<string>("--tran-solver")
    {
        Description = "tran: superposition (default) reads every patch from each tile's step responses, computed once per tile " +
                      "(exact for a linear time-invariant read; tiles whose cells move at read voltages use the full solver); " +
                      "full integrates every patch's pulse step by step.",
        DefaultValueFactory = _ => "superposition",
    }.AcceptOnlyFromAmong("superposition", "full");
    private readonly Option<int> _ngspicePatches = new Option<int>("--ngspice-patches")
    {
        Description = "Patches per tile that --backend ngspice cross-checks with ngspice, on every tile of every analog layer (with --ngspice-check K, the larger of the two counts).",
        DefaultValueFactory = _ => 3,
    }.InRange();
    private readonly Option<bool> _noise = new("--noise")
    {
        Description = "Add read noise (native backend, dc or tran mode; tran: the read bandwidth of each layer's read slot): thermal 4kT/R of cells and resistors, op-amp en/in through each tile, " +
                      "integrated over the read bandwidth, plus the cells' 1/f and RTN read noise; sampled per read (overrides noise.enabled).",
    };
    private readonly Option<int?> _noiseSeed = new Option<int?>("--noise-seed") { Description = "Seed of the per-read noise samples (overrides noise.seed; default 1)." }.InRange();
    private readonly Option<string?> _shard = new("--shard") { Description = "Process slice k of N of the images, 1-based (k/N, e.g. 2/4); combine with 'memspice merge'." };
    private readonly Option<int> _threads = new Option<int>("--threads") { Description = "Images processed in parallel.", DefaultValueFactory = _ => Environment.ProcessorCount }.InRange();
    private readonly Option<string?> _scatterLayer = new("--scatter-layer") { Description = "Layer of the analog-vs-ideal scatter plot (default: the last analog layer)." };
    private readonly Option<int> _ngspiceCheck = new Option<int>("--ngspice-check")
    {
        Description = "Cross-check K patches per tile (every tile of every analog layer, wires included, image 0 of the selection) with ngspice on the same tile " +
                      "netlists and write ngspice.csv and ngspice/ (every deck, log and raw file); the run itself stays on --backend native. 0 = off.",
        DefaultValueFactory = _ => 0,
    }.InRange();
    private readonly Option<double> _ngspiceBudget = new Option<double>("--ngspice-budget")
    {
        Description = "Wall-time budget of the ngspice check in seconds: the first crossbar of every layer goes first, smallest tiles first; " +
                      "tiles left when the budget is used up are reported as not run (console and ngspice.csv), and the time used is printed.",
        DefaultValueFactory = _ => NgspiceBackendCheck.DefaultBudgetSeconds,
    }.InRange();
    private readonly Option<string?> _programmed = new("--programmed")
    {
        Description = "Folder written by 'memspice program': its programmed.csv conductances replace the mapped ones of the cells it lists (native backend, dc mode).",
    };
    private readonly Option<bool> _faultAware = CircuitSettings.CreateFaultAwareOption();
    private readonly Option<int?> _spareColumns = CircuitSettings.CreateSpareColumnsOption();
    private readonly Option<string?> _faultMap = CircuitSettings.CreateFaultMapOption();
    private readonly DataSetOption _dataset = new();
    private readonly Option<string> _output = new("--out") { Description = "Output folder (written atomically: complete or not at all).", Required = true };
    private readonly Option<bool> _force = OutputOptions.Force();

    /// <summary>The command with its options and action (bind, then run).</summary>
    public Command Command { get; }

    public CosimCommand()
    {
        Command = new Command("cosim", "Co-simulate a trained CNN on crossbar circuits with a digital controller; per-layer error report and accuracy.")
        {
            _weights, _images, _mode, _backend, _nonIdeal, _ideal, _dacBits, _adcBits, _wire, _a0, _gbw, _wireFarads, _readTime, _stepsPerSlot, _chunkPatches,
            _tranSolver, _ngspicePatches, _ngspiceBudget, _noise, _noiseSeed, _shard, _threads, _scatterLayer, _ngspiceCheck, _programmed, _faultAware, _spareColumns, _faultMap, _dataset.Spec, _dataset.Mean, _dataset.Std, _output, _force,
        };
        Command.SetAction(parse => new CosimRun(Terminal.For(parse.InvocationConfiguration.Output)).Execute(Bind(parse)));
    }

    public static Command Create() => new CosimCommand().Command;

    /// <summary>
    /// The settings of a parse without errors. Throws <see cref="CliException"/> for combinations the parser cannot
    /// see: a bad shard, tran or an ngspice check with the ideal backend, an option the chosen mode or backend does
    /// not use, pulse timing out of range, a bad design point.
    /// </summary>
    public CosimSettings Bind(ParseResult parse)
    {
        CheckOptionsUsed(parse);
        var design = CircuitSettings.LoadDesign(parse.GetValue(_nonIdeal), parse.GetValue(_ideal), parse.GetValue(_dacBits), parse.GetValue(_adcBits),
            parse.GetValue(_wire), parse.GetValue(_a0), parse.GetValue(_gbw), parse.GetValue(_wireFarads));
        var circuit = CircuitSettings.WithFaultMapping(design.Circuit, parse.GetValue(_faultAware), parse.GetValue(_spareColumns), parse.GetValue(_faultMap));
        if (parse.GetValue(_noise) || parse.GetValue(_noiseSeed) is not null)
            circuit = circuit with
            {
                Noise = circuit.Noise with
                {
                    Enabled = circuit.Noise.Enabled || parse.GetValue(_noise),
                    Seed = parse.GetValue(_noiseSeed) ?? circuit.Noise.Seed,
                },
            };
        Shard part;
        try { part = parse.GetValue(_shard) is { } s ? Shard.Parse(s) : Shard.Whole; }
        catch (FormatException ex) { throw new CliException($"--shard: {ex.Message}", CliApp.UsageError); }
        var mode = parse.GetValue(_mode) == "tran" ? CosimMode.Tran : CosimMode.Dc;
        string backendName = parse.GetValue(_backend)!;
        var backend = backendName == "ideal" ? CosimBackend.Ideal : CosimBackend.Native;
        TranOptions? tran = null;
        if (mode == CosimMode.Tran)
        {
            if (backend == CosimBackend.Ideal) throw new CliException("--mode tran needs --backend native or ngspice (the ideal backend has no circuit to settle).", CliApp.UsageError);
            var (readTimeGiven, readTime) = ReadTimeOption.Get(parse, _readTime);
            tran = (design with { ReadTimeSeconds = readTimeGiven ? readTime : design.ReadTimeSeconds, StepsPerSlot = parse.GetValue(_stepsPerSlot) ?? design.StepsPerSlot })
                .Timing(new TranOptions { ChunkPatches = parse.GetValue(_chunkPatches), Solver = parse.GetValue(_tranSolver) == "full" ? TranSolver.Full : TranSolver.Superposition });
            if (tran.FirstProblem() is { } problem) throw new CliException($"{problem.Option} {problem.Problem}.", CliApp.UsageError);
        }
        if (circuit.Noise.Enabled && backend == CosimBackend.Ideal)
            throw new CliException("--noise (noise.enabled) needs --backend native (the tile noise comes from its circuit; dc or tran mode).", CliApp.UsageError);
        int checkPatches = parse.GetValue(_ngspiceCheck);
        if (backendName == NgspiceAlias) checkPatches = Math.Max(checkPatches, parse.GetValue(_ngspicePatches));
        if (checkPatches > 0 && backend == CosimBackend.Ideal)
            throw new CliException("--ngspice-check needs --backend native or ngspice (it compares our circuit engine with ngspice).", CliApp.UsageError);
        var programmed = parse.GetValue(_programmed);
        if (programmed is not null && (backend == CosimBackend.Ideal || mode == CosimMode.Tran))
            throw new CliException("--programmed needs --backend native and --mode dc (the programmed conductances go into the native dc tile circuits).", CliApp.UsageError);
        string weights = parse.GetValue(_weights)!;
        var dataset = _dataset.Bind(parse, weights);
        var target = OutputOptions.Target("cosim", parse.GetValue(_force), weights, parse.GetValue(_nonIdeal), DataSetOption.Folder(dataset), parse.GetValue(_faultMap));
        return new CosimSettings(weights, dataset, parse.GetValue(_images), mode, backend, circuit, part, parse.GetValue(_threads),
            parse.GetValue(_scatterLayer), parse.GetValue(_output)!, target, checkPatches, tran, parse.GetValue(_ngspiceBudget), programmed);
    }

    /// <summary>
    /// An option given on the command line that the chosen mode or backend would not use is a usage error naming both,
    /// instead of a value silently recorded in the settings: tran-only options in dc mode, circuit options with the
    /// ideal backend, <c>--ngspice-patches</c> without the ngspice backend.
    /// </summary>
    private void CheckOptionsUsed(ParseResult parse)
    {
        bool given(Option o) => parse.GetResult(o) is { Implicit: false };
        if (parse.GetValue(_mode) != "tran")
        {
            foreach (var (option, why) in new (Option, string)[]
                     {
                         (_gbw, "the op-amp gain-bandwidth acts only on transients"), (_wireFarads, "a DC read does not see capacitance"),
                         (_readTime, "a DC read has no clock"), (_stepsPerSlot, "a DC read has no time steps"),
                         (_chunkPatches, "a DC read has no pulse train"), (_tranSolver, "a DC read has no transient to solve"),
                     })
                if (given(option))
                    throw new CliException($"{option.Name} is not used by --mode dc ({why}); use --mode tran, or set it in the design file, where dc runs ignore it.",
                        CliApp.UsageError);
        }
        if (parse.GetValue(_backend) == "ideal")
            foreach (var option in new Option[] { _wire, _a0, _gbw, _wireFarads })
                if (given(option))
                    throw new CliException($"{option.Name} is not used by --backend ideal (float math, no circuit: only the DAC and ADC act); use --backend native.",
                        CliApp.UsageError);
        if (given(_ngspiceBudget) && parse.GetValue(_backend) != NgspiceAlias && parse.GetValue(_ngspiceCheck) == 0)
            throw new CliException("--ngspice-budget is used only by the ngspice check; give --ngspice-check K (or --backend ngspice).", CliApp.UsageError);
        if (given(_ngspicePatches) && parse.GetValue(_backend) != NgspiceAlias)
            throw new CliException($"--ngspice-patches is used only by --backend {NgspiceAlias} (got --backend {parse.GetValue(_backend)}); " +
                                   "with --backend native give the count as --ngspice-check K.", CliApp.UsageError);
    }
}
