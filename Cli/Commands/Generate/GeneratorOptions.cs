using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.Spice;

namespace MemristorSpice.Cli.Commands.Generate;

/// <summary>
/// Options common to both <c>generate</c> subcommands: device, mapping, readout, non-idealities, tiling, output folder.
/// One instance per command (an option belongs to one command).
/// </summary>
internal sealed class GeneratorOptions
{
    private readonly Option<string> _out = new("--out") { Description = "Output folder (written whole or not at all).", Required = true };
    private readonly Option<bool> _force = OutputOptions.Force();
    private readonly Option<string> _device = new Option<string>("--device")
    {
        Description = "Memristor preset of netlists/lib/devices.lib.", DefaultValueFactory = _ => CrossbarDevice.DefaultPreset,
    }.OneOf([.. CrossbarDevice.PresetNames]);
    private readonly Option<double?> _gmin = new Option<double?>("--gmin") { Description = "Gmin in Siemens (default 1/Roff of the device)." }.InRange();
    private readonly Option<double?> _gmax = new Option<double?>("--gmax") { Description = "Gmax in Siemens (default 1/Ron of the device)." }.InRange();
    private readonly Option<double> _vread = new Option<double>("--vread") { Description = "Read voltage in Volts.", DefaultValueFactory = _ => 0.2 }.InRange();
    private readonly Option<double> _amax = new Option<double>("--input-full-scale") { Description = "Input value mapped to Vread.", DefaultValueFactory = _ => 1.0 }.InRange();
    private readonly Option<double?> _wmax = new Option<double?>("--weight-full-scale") { Description = "Weight mapped to Gmax (default: the largest |weight| of the layer)." }.InRange();
    private readonly Option<double> _rf = new Option<double>("--rf") { Description = "TIA feedback resistance in Ohms.", DefaultValueFactory = _ => 10e3 }.InRange();
    private readonly Option<double> _rdiff = new Option<double>("--rdiff") { Description = "Difference-stage resistors in Ohms.", DefaultValueFactory = _ => 10e3 }.InRange();
    private readonly Option<string> _opamp = new Option<string>("--opamp")
    {
        Description = "Op-amp model: ideal, finite (A0 1e4), pole (A0 1e5, GBW 10 MHz), swing (pole + rails +-2.5 V).", DefaultValueFactory = _ => "ideal",
    }.OneOf("ideal", "finite", "pole", "swing");
    private readonly Option<double?> _gain = new Option<double?>("--opamp-gain") { Description = "Open-loop gain A0 of finite/pole/swing op-amps." }.InRange();
    private readonly Option<double> _rowWire = new Option<double>("--row-wire") { Description = "Row wire resistance per cell segment, Ohms." }.InRange();
    private readonly Option<double> _colWire = new Option<double>("--col-wire") { Description = "Column wire resistance per cell segment, Ohms." }.InRange();
    private readonly Option<double> _driver = new Option<double>("--driver") { Description = "Row driver (DAC) output resistance, Ohms." }.InRange();
    private readonly Option<double> _sigma = new Option<double>("--variation") { Description = "Log-normal device variation sigma (0 = none)." }.InRange();
    private readonly Option<int> _variationSeed = new("--variation-seed") { Description = "Seed of the variation draws.", DefaultValueFactory = _ => 1 };
    private readonly Option<int?> _levels = new Option<int?>("--levels") { Description = "Number of conductance levels (default continuous)." }.InRange();
    private readonly Option<double> _stuckMin = new Option<double>("--stuck-min") { Description = "Fraction of cells stuck at Gmin." }.InRange();
    private readonly Option<double> _stuckMax = new Option<double>("--stuck-max") { Description = "Fraction of cells stuck at Gmax." }.InRange();
    private readonly Option<int> _faultSeed = new("--fault-seed") { Description = "Seed of the stuck-at draws.", DefaultValueFactory = _ => 2 };
    private readonly Option<int> _maxRows = new Option<int>("--max-rows") { Description = "Maximum rows per physical crossbar (tile).", DefaultValueFactory = _ => CrossbarMappingRules.MaxRows }.InRange();
    private readonly Option<string?> _deviceLib = new("--device-lib")
    {
        Description = "With --flat: path written in .include for the device library (default: a copy of devices.lib written beside the netlists).",
    };

    private readonly Option<string> _dialect = new Option<string>("--dialect")
    {
        Description = "Simulator the netlists are written for: ngspice (default), hspice (E/G VOL=/CUR= sources, 'expr', .lib sections) or ltspice " +
                      "(if(), uramp, .lib). Each translation is checked in ngspice's own compatibility mode (set ngbehavior=hs / ltpsa).",
        DefaultValueFactory = _ => "ngspice",
    }.AcceptOnlyFromAmong("ngspice", "hspice", "ltspice");

    private readonly Option<bool> _flat = new("--flat")
    {
        Description = "Write one flat, self-contained deck per tile (literal values, every element at top level) instead of the hierarchy " +
                      "(cell, tile and readout subcircuits, .param design point, decks per tile and per layer).",
    };

    /// <summary>Adds every shared option to <paramref name="command"/>, after its own.</summary>
    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _out, _force, _device, _gmin, _gmax, _vread, _amax, _wmax, _rf, _rdiff, _opamp, _gain, _rowWire, _colWire,
                     _driver, _sigma, _variationSeed, _levels, _stuckMin, _stuckMax, _faultSeed, _maxRows, _deviceLib, _flat, _dialect })
            command.Options.Add(o);
    }

    /// <summary>
    /// The <c>--out</c> folder and its rules (never the input, never the repository root), checked before anything is
    /// generated so that a refused folder costs nothing.
    /// </summary>
    public (string OutDir, OutputTarget Target) CheckedOutput(ParseResult parse, string command, params string?[] inputs)
    {
        var outDir = parse.GetValue(_out)!;
        var target = OutputOptions.Target(command, parse.GetValue(_force), inputs);
        target.CheckFolder(outDir);
        return (outDir, target);
    }

    /// <summary>Names of the circuit options given on the command line (not defaults), in declaration order.</summary>
    public IEnumerable<string> CircuitOptionsGiven(ParseResult parse) =>
        new Option[] { _device, _gmin, _gmax, _vread, _amax, _wmax, _rf, _rdiff, _opamp, _gain, _rowWire, _colWire, _driver, _sigma, _variationSeed,
                _levels, _stuckMin, _stuckMax, _faultSeed, _maxRows, _deviceLib }
            .Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name);

    /// <summary>True when --flat was given.</summary>
    public bool IsFlat(ParseResult parse) => parse.GetValue(_flat);

    /// <summary>
    /// The <c>--dialect</c> choice; a usage error with <c>--flat</c> (the flat decks and an external <c>--device-lib</c>
    /// are ngspice text that is not translated).
    /// </summary>
    public SpiceDialect Dialect(ParseResult parse)
    {
        var dialect = parse.GetValue(_dialect) switch { "hspice" => SpiceDialect.Hspice, "ltspice" => SpiceDialect.Ltspice, _ => SpiceDialect.Ngspice };
        if (dialect != SpiceDialect.Ngspice && parse.GetValue(_flat))
            throw new CliException(NetworkNetlists.FlatOnlyNgspice(dialect).Message, CliApp.UsageError);
        return dialect;
    }

    /// <summary>
    /// The circuit options. Throws <see cref="CliException"/> (usage error) for what the parser cannot check: a
    /// conductance window the device cannot reach, a gain for the ideal op-amp, stuck-at fractions above 1 together.
    /// The device library's include path is relative to <paramref name="outDir"/>.
    /// </summary>
    public GeneratorSettings Bind(ParseResult parse, string outDir)
    {
        var device = CrossbarDevice.FromPreset(parse.GetValue(_device)!);
        double? gmin = parse.GetValue(_gmin), gmax = parse.GetValue(_gmax);
        ConductanceRange? range = null;
        if (gmin is not null || gmax is not null)
        {
            range = new ConductanceRange(gmin ?? device.MinConductanceSiemens, gmax ?? device.MaxConductanceSiemens);
            try { range.ValidateFor(device); }
            catch (ArgumentException ex) { throw new CliException($"{(gmin is not null ? "--gmin" : "--gmax")}: {ex.Message}", CliApp.UsageError); }
        }
        var kind = OpAmpKind(parse.GetValue(_opamp)!);
        var gain = parse.GetValue(_gain);
        if (gain is not null && kind == OpAmpModelKind.Ideal)
            throw new CliException("--opamp-gain: the ideal op-amp has no finite gain; choose --opamp finite, pole or swing.", CliApp.UsageError);
        double stuckMin = parse.GetValue(_stuckMin), stuckMax = parse.GetValue(_stuckMax);
        if (stuckMin + stuckMax > 1) throw new CliException($"--stuck-min + --stuck-max must not exceed 1 (got {stuckMin + stuckMax}).", CliApp.UsageError);
        var form = parse.GetValue(_flat) ? NetlistForm.Flat : NetlistForm.Hierarchical;
        var deviceLib = parse.GetValue(_deviceLib);
        if (deviceLib is not null && form == NetlistForm.Hierarchical)
            throw new CliException("--device-lib: hierarchical netlists always include the devices.lib copied beside them; use it with --flat.", CliApp.UsageError);
        var (include, libraryCopy) = LibraryInclude(deviceLib);
        var options = new CrossbarOptions
        {
            DevicePreset = device.PresetName, Conductances = range,
            ReadVolts = parse.GetValue(_vread), InputFullScale = parse.GetValue(_amax), WeightFullScale = parse.GetValue(_wmax),
            FeedbackOhms = parse.GetValue(_rf), DifferenceOhms = parse.GetValue(_rdiff),
            OpAmp = CrossbarOpAmps.For(kind, gain), MaxTileRows = parse.GetValue(_maxRows), DeviceLibraryInclude = include,
            NonIdealities = new CrossbarNonIdealities
            {
                RowWireOhms = parse.GetValue(_rowWire), ColumnWireOhms = parse.GetValue(_colWire), DriverOhms = parse.GetValue(_driver),
                VariationSigma = parse.GetValue(_sigma), VariationSeed = parse.GetValue(_variationSeed), Levels = parse.GetValue(_levels),
                StuckAtMinRate = stuckMin, StuckAtMaxRate = stuckMax, FaultSeed = parse.GetValue(_faultSeed),
            },
        };
        return new GeneratorSettings(options, libraryCopy, form, Dialect(parse));
    }

    /// <summary>
    /// The generator settings of a design point (<c>generate network --design FILE</c> or <c>--ideal</c>): read voltage,
    /// device, feedback resistor, op-amp, wires, driver, variation, levels and faults come from <paramref name="circuit"/>
    /// exactly as the co-simulation builds its tiles; tiling (--max-rows), --flat and --device-lib still apply, and any
    /// other circuit option is a usage error (the design file is the one place the circuit is set).
    /// </summary>
    public GeneratorSettings BindDesign(ParseResult parse, NonIdealities circuit)
    {
        var generatorOnly = new Option[] { _maxRows, _deviceLib };
        if (CircuitOptionsGiven(parse).FirstOrDefault(o => generatorOnly.All(g => g.Name != o)) is { } option)
            throw new CliException($"{option}: with --design/--ideal the circuit is the design point's; set it in the design file.", CliApp.UsageError);
        var form = parse.GetValue(_flat) ? NetlistForm.Flat : NetlistForm.Hierarchical;
        var deviceLib = parse.GetValue(_deviceLib);
        if (deviceLib is not null && form == NetlistForm.Hierarchical)
            throw new CliException("--device-lib: hierarchical netlists always include the devices.lib copied beside them; use it with --flat.", CliApp.UsageError);
        var (include, libraryCopy) = LibraryInclude(deviceLib);
        // Input full scale 1 (as the generator's default): the co-simulation's calibrated amax is not known here.
        var options = CrossbarOptionsFactory.For(circuit, inputFullScale: 1.0) with { MaxTileRows = parse.GetValue(_maxRows), DeviceLibraryInclude = include };
        return new GeneratorSettings(options.Validate(), libraryCopy, form, Dialect(parse));
    }

    /// <summary>The <c>--opamp</c> choice (the parser allows only these names).</summary>
    internal static OpAmpModelKind OpAmpKind(string name) => name.ToLowerInvariant() switch
    {
        "finite" => OpAmpModelKind.FiniteGain,
        "pole" => OpAmpModelKind.SinglePole,
        "swing" => OpAmpModelKind.SwingLimited,
        _ => OpAmpModelKind.Ideal,
    };

    /// <summary>
    /// The .include path of flat decks: as given (no copy); else devices.lib, copied beside the netlists so the folder
    /// can be moved whole.
    /// </summary>
    private static (string Include, bool Copy) LibraryInclude(string? given) =>
        given is not null ? (given, false) : (HierarchicalNetlistWriter.DeviceLibraryFile, true);
}
