using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.Spice;
using MemristorSpice.Netlist.Writing;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands;

/// <summary>
/// <c>memspice generate crossbar|network</c>: weights to crossbar netlists (ngspice), manifests and cell tables.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var command = new Command("generate", "Generate memristor-crossbar netlists (ngspice-runnable) with manifests from weights.");
        command.Subcommands.Add(CreateCrossbar());
        command.Subcommands.Add(CreateNetwork());
        return command;
    }

    private static Command CreateCrossbar()
    {
        var weights = new Option<string>("--weights")
        {
            Description = "CSV weight matrix: one line per input row, one value per output, the last line is the bias row.", Required = true,
        }.ExistingFile();
        var name = new Option<string?>("--name") { Description = "File stem and layer name (default: the CSV file name)." };
        var shared = new SharedOptions();
        var command = new Command("crossbar", "Generate the crossbar netlist(s), manifest and cell table of one weight matrix.") { weights, name };
        shared.AddTo(command);
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            var path = parse.GetValue(weights)!;
            CrossbarMatrix matrix;
            try { matrix = WeightCsv.Load(path); }
            catch (Exception ex) when (ex is FormatException or IOException) { throw new CliException($"--weights: {ex.Message}"); }
            var stem = parse.GetValue(name) ?? Path.GetFileNameWithoutExtension(path);
            if (stem.Length == 0 || stem.IndexOfAny([.. Path.GetInvalidFileNameChars(), ' ']) >= 0)
                throw new CliException($"--name: '{stem}' is not usable as a file stem (no spaces or path characters).", CliApp.UsageError);
            var outDir = parse.GetValue(shared.Out)!;
            var target = OutputOptions.Target("generate crossbar", parse.GetValue(shared.Force), path);
            target.CheckFolder(outDir);
            var options = shared.Build(parse, outDir);
            var x = Wrap(() => new CrossbarGenerator(options).Generate(matrix, CrossbarContext.ForMatrix(stem)));
            var files = new List<(string Name, string Text)>();
            for (int t = 0; t < x.Tiles.Count; t++) files.Add((x.FileName(t), CrossbarNetlistWriter.Write(x.Tiles[t])));
            files.Add(($"{stem}.manifest.json", CrossbarManifest.Write(x)));
            files.Add((CrossbarManifest.CellsFileName(x), CrossbarManifest.WriteCells(x)));
            var written = WriteFiles(outDir, target, files, shared.LibraryCopy);
            var table = new Table().AddColumns("crossbar", "rows x columns", "tiles", "memristors", "op-amps", "K (V per unit)");
            table.AddRow(Terminal.Escape(stem), $"{matrix.Rows} x {matrix.Shape.Columns}", $"{x.Counts.Crossbars}", $"{x.Counts.Memristors}", $"{x.Counts.OpAmps}",
                $"{x.OutputVoltsPerUnit:G6}");
            console.Write(table);
            foreach (var f in written) console.WriteLine(Terminal.Plain($"Wrote {f}"));
            return 0;
        });
        return command;
    }

    private static Command CreateNetwork()
    {
        var weights = new Option<string>("--weights") { Description = "Network weights file (.msw).", Required = true }.ExistingFile();
        var representative = new Option<bool>("--representative")
        {
            Description = "Write one crossbar per layer kind (the smallest layer of the kind, its first crossbar); counts still cover all.",
        };
        var shared = new SharedOptions();
        var command = new Command("network", "Generate the crossbar netlists of every analog layer of a trained network.") { weights, representative };
        shared.AddTo(command);
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            var path = parse.GetValue(weights)!;
            var model = WeightsLoader.Load(path);
            var outDir = parse.GetValue(shared.Out)!;
            var target = OutputOptions.Target("generate network", parse.GetValue(shared.Force), path);
            target.CheckFolder(outDir);
            var options = shared.Build(parse, outDir);
            var selection = parse.GetValue(representative) ? CrossbarSelection.RepresentativePerKind : CrossbarSelection.All;
            var source = Path.GetFileName(path);
            var result = Wrap(() => new NetworkGenerator(options).Generate(CrossbarNetwork.FromModel(model), model.Name, source, selection));
            var written = WriteFiles(outDir, target, result.Files(), shared.LibraryCopy);
            var table = new Table().AddColumns("layer", "kind", "crossbars", "memristors", "op-amps", "files");
            foreach (var l in result.Layers)
                table.AddRow(Terminal.Escape(l.Stage.Name), l.Stage.Kind.ToString(), $"{l.Counts.Crossbars}", $"{l.Counts.Memristors}", $"{l.Counts.OpAmps}",
                    l.Written.Count == 0 ? "-" : string.Join(" ", l.Written.Select(i => Terminal.Escape(l.Crossbars[i].Context.Stem))));
            table.AddRow("[bold]total[/]", "", $"{result.Counts.Crossbars}", $"{result.Counts.Memristors}", $"{result.Counts.OpAmps}", "");
            console.Write(table);
            console.WriteLine(Terminal.Plain($"Wrote {written.Count} files to {outDir}"));
            return 0;
        });
        return command;
    }

    private static T Wrap<T>(Func<T> generate)
    {
        try { return generate(); }
        catch (ArgumentException ex) { throw new CliException(ex.Message); }
    }

    /// <summary>
    /// Writes the whole folder at once (hidden sibling folder, renamed at the end): an interrupt leaves no partial
    /// result and a rerun never mixes two models' files. Every name goes through <see cref="OutputPaths.Inside"/>.
    /// </summary>
    private static List<string> WriteFiles(string outDir, OutputTarget target, IEnumerable<(string Name, string Text)> files, bool libraryCopy)
    {
        var names = new List<string>();
        AtomicDirectory.Write(outDir, target, temp =>
        {
            if (libraryCopy)
            {
                File.WriteAllText(OutputPaths.Inside(temp, "devices.lib"), DeviceLibrary.Generate());
                names.Add("devices.lib");
            }
            foreach (var (name, text) in files)
            {
                var path = OutputPaths.Inside(temp, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
                names.Add(name);
            }
        });
        return names.Select(n => Path.Combine(outDir, n)).ToList();
    }

    /// <summary>Options common to both subcommands: device, mapping, readout, non-idealities, tiling, output folder.</summary>
    private sealed class SharedOptions
    {
        public readonly Option<string> Out = new("--out") { Description = "Output folder (written whole or not at all).", Required = true };
        public readonly Option<bool> Force = OutputOptions.Force();
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
            Description = "Path written in .include for the device library (default: relative path to netlists/lib/devices.lib of this checkout, " +
                          "or a copy written into the output folder outside a checkout).",
        };

        /// <summary>True when the last <see cref="Build"/> chose to write devices.lib into the output folder.</summary>
        public bool LibraryCopy { get; private set; }

        public void AddTo(Command command)
        {
            foreach (var o in new Option[] { Out, Force, _device, _gmin, _gmax, _vread, _amax, _wmax, _rf, _rdiff, _opamp, _gain, _rowWire, _colWire,
                         _driver, _sigma, _variationSeed, _levels, _stuckMin, _stuckMax, _faultSeed, _maxRows, _deviceLib })
                command.Options.Add(o);
        }

        public CrossbarOptions Build(ParseResult parse, string outDir)
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
            var kind = parse.GetValue(_opamp)!.ToLowerInvariant() switch
            {
                "finite" => OpAmpModelKind.FiniteGain,
                "pole" => OpAmpModelKind.SinglePole,
                "swing" => OpAmpModelKind.SwingLimited,
                _ => OpAmpModelKind.Ideal,
            };
            var gain = parse.GetValue(_gain);
            if (gain is not null && kind == OpAmpModelKind.Ideal)
                throw new CliException("--opamp-gain: the ideal op-amp has no finite gain; choose --opamp finite, pole or swing.", CliApp.UsageError);
            double stuckMin = parse.GetValue(_stuckMin), stuckMax = parse.GetValue(_stuckMax);
            if (stuckMin + stuckMax > 1) throw new CliException($"--stuck-min + --stuck-max must not exceed 1 (got {stuckMin + stuckMax}).", CliApp.UsageError);
            var include = parse.GetValue(_deviceLib);
            LibraryCopy = false;
            if (include is null)
            {
                if (RepoPaths.Root is { } root)
                    include = Path.GetRelativePath(Path.GetFullPath(outDir), Path.Combine(root, DeviceLibrary.RelativePath)).Replace('\\', '/');
                else
                {
                    include = "devices.lib";
                    LibraryCopy = true;
                }
            }
            return new CrossbarOptions
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
        }
    }
}
