using System.Globalization;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests;

/// <summary><c>memspice program</c> end to end, and <c>cosim --programmed</c> on its output.</summary>
public class ProgramCommandTests
{
    [Fact]
    public void Programmed_cells_line_up_with_the_cosimulation_mapping()
    {
        Dependencies.RequireMnist();
        var dir = SeededWeights.TempDir("program");
        var weights = SeededWeights.Msccnn(dir);
        var cfg = Path.Combine(dir, "cfg.json");
        File.WriteAllText(cfg, """{ "calibrationImages": 20, "columnCalibrationImages": 5, "wire": { "rowOhms": 1, "columnOhms": 1 } }""");
        var prog = Path.Combine(dir, "prog");
        var r = CliRunner.Run("program", "--weights", weights, "--layer", "dw1", "--max-tiles", "2", "--max-cells", "3", "--scheme", "v3",
            "--design", cfg, "--out", prog);
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        foreach (var f in new[] { "layers.csv", "cells.csv", "programmed.csv", "dw1_pulse_train.csv", "dw1_pulse_train.png", "dw1_errors.png" })
            Assert.True(File.Exists(Path.Combine(prog, f)), f);
        var cells = File.ReadAllLines(Path.Combine(prog, "cells.csv"));
        Assert.Equal(1 + 6, cells.Length); // header + 2 tiles x 3 cells
        // Every programmed cell ends inside the verify window (1 % of Gmax - Gmin) plus what later cells' pulses moved it;
        // V/3 keeps half-selected cells at most 0.8 V (the RESET threshold), so that drift is small: allow 1 % more.
        var header = cells[0].Split(',');
        int error = Array.IndexOf(header, "error_of_window");
        foreach (var line in cells.Skip(1))
            Assert.True(Math.Abs(double.Parse(line.Split(',')[error], CultureInfo.InvariantCulture)) <= 0.02, line);
        // cosim checks every listed target against its own mapping (same weights, design, calibration) before using it.
        var cosim = CliRunner.Run("cosim", "--weights", weights, "--images", "4", "--design", cfg, "--programmed", prog, "--out", Path.Combine(dir, "cosim"));
        Assert.True(cosim.ExitCode == 0, cosim.Err + cosim.Out);
        Assert.Contains("6 of 6 listed cells applied", cosim.Out);
    }

    [Fact]
    public void A_fault_aware_design_with_spare_pairs_is_programmed_and_its_states_apply()
    {
        Dependencies.RequireMnist();
        var dir = SeededWeights.TempDir("program-fault-aware");
        var weights = SeededWeights.Msccnn(dir);
        var cfg = Path.Combine(dir, "cfg.json");
        File.WriteAllText(cfg, """{ "calibrationImages": 20, "columnCalibrationImages": 5, "stuckAt": { "gminRate": 0.05, "gmaxRate": 0.05, "seed": 2 } }""");
        var prog = Path.Combine(dir, "prog");
        // conv1: one 10-row tile of 32 outputs plus one spare pair, 66 array columns; 132 programmable cells cover its
        // first two rows and a little of the third.
        var r = CliRunner.Run("program", "--weights", weights, "--layer", "conv1", "--max-cells", "132", "--scheme", "v3", "--cell", "1t1r",
            "--design", cfg, "--fault-aware", "--spare-columns", "1", "--out", prog);
        Assert.True(r.ExitCode == 0, r.Err + r.Out);
        var cells = File.ReadAllLines(Path.Combine(prog, "cells.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        int programmed = cells.Count;
        Assert.InRange(programmed, 100, 132); // stuck devices (10 % of them) are left alone
        Assert.Contains(cells, c => int.Parse(c[4], CultureInfo.InvariantCulture) >= 64); // array columns reach past the 32 outputs' 64
        // programmed.csv lists the logical cells only: the spare pair's devices written in the first rows (the pair sits at
        // whichever physical position the placement left free; two devices per row, at most three rows) are not listed.
        int listed = File.ReadAllLines(Path.Combine(prog, "programmed.csv")).Length - 1;
        Assert.InRange(programmed - listed, 1, 6);
        var cosim = CliRunner.Run("cosim", "--weights", weights, "--images", "4", "--design", cfg, "--fault-aware", "--spare-columns", "1",
            "--programmed", prog, "--out", Path.Combine(dir, "cosim"));
        Assert.True(cosim.ExitCode == 0, cosim.Err + cosim.Out);
        Assert.Contains($"{listed} of {listed} listed cells applied", cosim.Out);
    }

    [Theory]
    [InlineData("--max-volts", "1.0", "maximum amplitude")]
    [InlineData("--pulse-seconds", "0", "--pulse-seconds must be in")]
    public void Bad_programming_options_are_usage_errors(string option, string value, string message)
    {
        var dir = SeededWeights.TempDir("program-bad");
        var r = CliRunner.Run("program", "--weights", SeededWeights.Msccnn(dir), option, value, "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Err);
    }

    [Fact]
    public void Programmed_states_need_the_native_dc_backend()
    {
        var dir = SeededWeights.TempDir("program-ideal");
        var r = CliRunner.Run("cosim", "--weights", SeededWeights.Msccnn(dir), "--backend", "ideal", "--programmed", dir, "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--programmed needs --backend native", r.Err);
    }
}
