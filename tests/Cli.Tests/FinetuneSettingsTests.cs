using MemristorSpice.Cli.Commands.Finetune;
using MemristorSpice.Network;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Cli.Tests;

/// <summary>Binding of <c>finetune</c>'s options into <see cref="FinetuneSettings"/>, without training.</summary>
public class FinetuneSettingsTests
{
    private static readonly string WeightsPath = CreateWeights();

    private static string CreateWeights()
    {
        var dir = Path.Combine(Path.GetTempPath(), "memspice-finetune-settings", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "seeded.msw");
        WeightsFile.Save(ModelZoo.Create("msccnn", 3), path);
        return path;
    }

    private static (FinetuneSettings Settings, int Errors) Bind(params string[] extra)
    {
        var command = new FinetuneCommand();
        var parse = command.Command.Parse(["--weights", WeightsPath, "--out", "f.msw", .. extra]);
        return (parse.Errors.Count == 0 ? command.Bind(parse) : null!, parse.Errors.Count);
    }

    [Fact]
    public void Without_teacher_there_is_no_distillation_and_the_help_defaults_apply()
    {
        var (s, errors) = Bind("--epochs", "2");
        Assert.Equal(0, errors);
        Assert.Null(s.Teacher);
        var o = s.ToTrainingOptions();
        // Help text: peak rate 0.002, one-cycle, seed 1; exact float comparison, the constant passes through unchanged.
        Assert.Equal((2, 1, 0.002f, ScheduleKind.OneCycle), (o.Epochs, o.Seed, o.MaxLearningRate, o.Schedule));
        Assert.Null(o.Distillation);
        Assert.Equal((0, "f.log.csv"), (s.ValidationImages, s.LogPath));
    }

    [Fact]
    public void Teacher_distillation_and_schedule_bind()
    {
        var (s, errors) = Bind("--epochs", "1", "--teacher", WeightsPath, "--distill", "0.4", "--temperature", "3", "--schedule", "cosine",
            "--lr", "0.01", "--seed", "5", "--validation-images", "500");
        Assert.Equal(0, errors);
        Assert.Equal(new TeacherSettings(WeightsPath, 0.4, 3), s.Teacher);
        Assert.Equal((ScheduleKind.Cosine, 0.01, 5, 500), (s.Schedule, s.LearningRate, s.Seed, s.ValidationImages));
    }

    [Fact]
    public void A_missing_teacher_is_a_parse_error()
    {
        var (_, errors) = Bind("--epochs", "1", "--teacher", Path.Combine(Path.GetDirectoryName(WeightsPath)!, "none.msw"));
        Assert.Equal(1, errors);
    }

    [Fact]
    public void Hardware_aware_file_binds_and_translates_the_design_point()
    {
        var json = Path.Combine(Path.GetDirectoryName(WeightsPath)!, "hw.json");
        File.WriteAllText(json, """{ "variation": { "sigma": 0.3, "seed": 4 }, "stuckAt": { "gminRate": 0.005, "gmaxRate": 0.002 }, "adc": { "bits": 6 } }""");
        var (s, errors) = Bind("--epochs", "1", "--hardware-aware", json);
        Assert.Equal(0, errors);
        Assert.Equal(json, s.HardwareAwarePath);
        var o = MemristorSpice.Cli.Infrastructure.HardwareAwareOption.Load(s.HardwareAwarePath)!;
        // Values pass through unchanged (exact); Gmin/Gmax of VTEAM_XBAR is Ron/Roff = 10 kOhm / 1 MOhm = 0.01 (round-off only);
        // the DAC keeps the default design's 8 bits.
        Assert.Equal((0.3, 0.005, 0.002, 8, 6, 4), (o.VariationSigma, o.StuckAtMinRate, o.StuckAtMaxRate, o.DacBits, o.AdcBits, o.Seed));
        Assert.Equal(0.01, o.ConductanceRatio, 12);
        Assert.Null(Bind("--epochs", "1").Settings.HardwareAwarePath);
        Assert.Equal(1, Bind("--epochs", "1", "--hardware-aware", json + ".missing").Errors);
        File.WriteAllText(json, """{ "variation": { "sigma": -1 } }""");
        var e = Assert.Throws<MemristorSpice.Cli.CliException>(() => MemristorSpice.Cli.Infrastructure.HardwareAwareOption.Load(json));
        Assert.Contains("variation.sigma", e.Message);
    }
}
