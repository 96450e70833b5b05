using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests;

public class SimulateCompareTests
{
    private static string Deck(string name) => Path.Combine(Dependencies.RepoRoot, "netlists", "reference", name);

    [Fact]
    public void Simulate_prints_the_operating_point_table()
    {
        var r = CliRunner.Run("simulate", Deck("divider.cir"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("v(out)", r.Out);
        // 10 V over 1k/2k: 6.66667 V at the 2k resistor (printed with 6 significant digits).
        Assert.Contains("6.66667", r.Out);
    }

    [Fact]
    public void Simulate_writes_csv_and_png_for_selected_signals()
    {
        var dir = Directory.CreateTempSubdirectory("memspice-sim-");
        try
        {
            var csv = Path.Combine(dir.FullName, "rc.csv");
            var png = Path.Combine(dir.FullName, "rc.png");
            var r = CliRunner.Run("simulate", Deck("rc_pulse.cir"), "--signals", "v(out),i(v1)", "--out", csv, "--plot", png);
            Assert.Equal(0, r.ExitCode);
            var lines = File.ReadAllLines(csv);
            Assert.Equal("time,v(out),i(v1)", lines[0]);
            Assert.True(lines.Length > 100);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(png).Take(4));
            Assert.Equal(2, Directory.GetFiles(dir.FullName).Length); // no temporary files left behind
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Simulate_reports_netlist_errors_with_place_and_exit_code_1()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.cir");
        File.WriteAllText(file, "bad\nR1 a\n.op\n");
        try
        {
            var r = CliRunner.Run("simulate", file);
            Assert.Equal(1, r.ExitCode);
            Assert.Contains(":2:5: error: missing negative node", r.Err);
            Assert.StartsWith("memspice: error: ", r.Err);
            Assert.DoesNotContain("Unhandled exception", r.Err);
            r = CliRunner.Run("simulate", Deck("divider.cir"), "--signals", "v(nope)");
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("no signal 'v(nope)'", r.Err);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Compare_passes_clean_decks_and_fails_with_a_tight_tolerance()
    {
        Dependencies.RequireNgspice();
        var r = CliRunner.Run("compare", Deck("rc_pulse.cir"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("within tolerance", r.Out);
        // On a linear RC both engines now take the same steps (1e-13 apart); a diode rectifier's Newton iterations
        // differ by about 1e-5 V, far above 1e-9 of the peak-to-peak plus the 1e-6 V floor.
        r = CliRunner.Run("compare", Deck("rectifier.cir"), "--reltol", "1e-9");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("OFF", r.Out);
    }

    [Fact]
    public void Compare_shows_the_readers_warnings_and_pairs_each_run_of_a_control_block_with_its_ngspice_plot()
    {
        Dependencies.RequireNgspice();
        var file = Path.Combine(Path.GetTempPath(), $"ctl-{Guid.NewGuid():N}.cir");
        // Two .op runs around an alter: 2 V over 1k/1k gives 1 V, then 2 V over 1k/3k gives 1.5 V; each row must pass,
        // which only holds when each of our runs meets ngspice's run of the same state (tolerance: compare's default).
        File.WriteAllText(file, "alter between runs\nV1 in 0 2\nR1 in out 1k\nR2 out 0 1k\n.options noacct\n" +
                                ".control\nop\nalter r2 = 3k\nop\nprint v(out)\n.endc\n.end\n");
        try
        {
            var r = CliRunner.Run("compare", file);
            Assert.True(r.ExitCode == 0, r.Out + r.Err);
            Assert.Contains(":5:10: warning: option 'noacct' ignored", r.Out);
            Assert.Contains(":10:1: warning: display and output commands in .control ignored", r.Out);
            Assert.Contains("op1 .op", r.Out);
            Assert.Contains("op2 .op [r2 resistance=3000]", r.Out);
            Assert.Contains("all 6 signals within tolerance", r.Out);
            r = CliRunner.Run("simulate", file);
            Assert.Contains("1.5", r.Out);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Compare_runs_a_1t1r_cell_with_its_m_line_unchanged_in_ngspice()
    {
        Dependencies.RequireNgspice();
        // ngspice gets the file as written (M line, NMOS card, .include of the memristor library); tolerances are the
        // compare command's defaults (1 % of each waveform's peak-to-peak for .tran).
        var r = CliRunner.Run("compare", Deck("cell_1t1r.cir"));
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains("v(x1.x)", r.Out);
        Assert.Contains("signals within tolerance", r.Out);
    }

    [Fact]
    public void Simulate_names_the_card_of_an_unsupported_mosfet_level()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bsim-{Guid.NewGuid():N}.cir");
        File.WriteAllText(file, "bsim\nVD d 0 1\nM1 d d 0 0 nch L=0.1u W=1u\n.model nch nmos (level=49 tox=4n vth0=0.4)\n.op\n");
        try
        {
            var r = CliRunner.Run("simulate", file);
            Assert.Equal(1, r.ExitCode);
            Assert.Contains(":4:1: error: MOSFET model 'nch' is level 49", r.Err);
            Assert.Contains("supported: levels 1, 2, 3, 6", r.Err);
            Assert.DoesNotContain("Unhandled exception", r.Err);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
