using MemristorSpice.Cosim.Reports;
using MemristorSpice.Netlist.Writing;

namespace MemristorSpice.Cosim.Tests;

/// <summary>
/// Where result folders may be written and what they may replace. The truths are plain file-system facts (a file
/// the test put there still exists with its bytes; a path lies inside a folder or not), never our own output.
/// </summary>
public class OutputSafetyTests
{
    /// <summary>Rules of a command with no inputs and no protected folders, as the library tests use them.</summary>
    internal static OutputTarget Target { get; } = new("test", "test", false, [], []);

    private static string TempDir() => Directory.CreateTempSubdirectory("memspice-out-").FullName;

    private static void WriteResult(string dir, OutputTarget target) =>
        AtomicDirectory.Write(dir, target, d => File.WriteAllText(Path.Combine(d, "a.csv"), "x\n1\n"));

    [Fact]
    public void A_folder_with_a_users_file_is_never_replaced_even_with_force()
    {
        var dir = TempDir();
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
        foreach (var force in new[] { false, true })
        {
            var ex = Assert.Throws<OutputPathException>(() => WriteResult(dir, Target with { Force = force }));
            Assert.Contains(dir, ex.Message);
            Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "notes.txt")));
        }
    }

    [Fact]
    public void Our_result_folder_is_replaced_only_with_force_and_only_when_it_holds_nothing_else()
    {
        var dir = Path.Combine(TempDir(), "out");
        WriteResult(dir, Target);
        Assert.True(File.Exists(Path.Combine(dir, ResultMarker.FileName)));
        var again = Assert.Throws<OutputPathException>(() => WriteResult(dir, Target));
        Assert.Contains("--force", again.Message);
        WriteResult(dir, Target with { Force = true });
        File.WriteAllText(Path.Combine(dir, "added-by-user.txt"), "mine");
        var foreign = Assert.Throws<OutputPathException>(() => WriteResult(dir, Target with { Force = true }));
        Assert.Contains("added-by-user.txt", foreign.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "added-by-user.txt")));
        // No hidden run folders are left beside the result.
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(dir)!, ".out.run.*"));
    }

    [Fact]
    public void Output_may_not_be_hold_or_lie_inside_an_input()
    {
        var root = TempDir();
        var input = Path.Combine(root, "shard1");
        Directory.CreateDirectory(input);
        File.WriteAllText(Path.Combine(input, "shard.json"), "{}");
        foreach (var bad in new[] { input, root, Path.Combine(input, "merged") })
            Assert.Throws<OutputPathException>(() => (Target with { Inputs = [input] }).CheckFolder(bad));
        Assert.Equal(Path.Combine(root, "merged"), (Target with { Inputs = [input] }).CheckFolder(Path.Combine(root, "merged")));
    }

    [Fact]
    public void Root_current_folder_and_protected_folders_are_refused()
    {
        Assert.Throws<OutputPathException>(() => Target.CheckFolder("/"));
        Assert.Throws<OutputPathException>(() => Target.CheckFolder(Environment.CurrentDirectory));
        Assert.Throws<OutputPathException>(() => Target.CheckFolder(Path.GetDirectoryName(Environment.CurrentDirectory)!));
        var repo = TempDir();
        Assert.Throws<OutputPathException>(() => (Target with { Protected = [repo] }).CheckFolder(repo));
        Assert.Throws<OutputPathException>(() => Target.CheckFolder(""));
    }

    [Theory]
    [InlineData("../../x.cir")]
    [InlineData("sub/../../x.cir")]
    [InlineData("/tmp/memspice-escape-absolute.cir")]
    public void Names_cannot_leave_the_output_folder(string name)
    {
        var parent = TempDir();
        var dir = Path.Combine(parent, "a", "out");
        Assert.Throws<OutputPathException>(() => AtomicDirectory.Write(dir, Target, d => File.WriteAllText(OutputPaths.Inside(d, name), "x")));
        Assert.Empty(Directory.EnumerateFiles(parent, "*.cir", SearchOption.AllDirectories));
        Assert.False(File.Exists("/tmp/memspice-escape-absolute.cir"));
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void A_symbolic_link_inside_the_folder_cannot_carry_a_write_outside()
    {
        var parent = TempDir();
        var outside = Directory.CreateDirectory(Path.Combine(parent, "outside")).FullName;
        var dir = Directory.CreateDirectory(Path.Combine(parent, "out")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(dir, "link"), outside);
        Assert.Throws<OutputPathException>(() => OutputPaths.Inside(dir, "link/x.cir"));
        Assert.Equal(Path.Combine(dir, "ok", "x.cir"), OutputPaths.Inside(dir, "ok/x.cir"));
    }

    [Fact]
    public void A_killed_runs_hidden_folder_is_removed_only_when_its_process_is_gone_and_it_is_ours()
    {
        var parent = TempDir();
        // PIDs above the Linux maximum (2^22) never belong to a live process; our own PID is alive.
        var dead = Path.Combine(parent, ".out.run.2147483600.tmp");
        var alive = Path.Combine(parent, $".out.run.{Environment.ProcessId}.old");
        var foreign = Path.Combine(parent, ".out.run.2147483601.tmp");
        foreach (var d in new[] { dead, alive, foreign }) Directory.CreateDirectory(d);
        new ResultMarker("generate network", "test", false, []).Save(dead);
        File.WriteAllText(Path.Combine(dead, "half.cir"), "x");
        new ResultMarker("generate network", "test", false, []).Save(alive);
        File.WriteAllText(Path.Combine(foreign, "user.txt"), "mine");
        AtomicDirectory.RemoveStale(parent, "out");
        Assert.False(Directory.Exists(dead));
        Assert.True(Directory.Exists(alive));
        Assert.True(File.Exists(Path.Combine(foreign, "user.txt")));
    }

    [Fact]
    public void Environment_failures_name_the_output_and_the_cause()
    {
        var dir = Path.Combine(TempDir(), "out");
        // What .NET raises for ENOSPC (HResult = errno 28) and for a read-only location.
        var full = Assert.Throws<OutputWriteException>(() => AtomicDirectory.Write(dir, Target, _ => throw new IOException("No space left on device : '/x'", 28)));
        Assert.Equal($"cannot write {dir}: no space left on the device.", full.Message);
        var ro = Assert.Throws<OutputWriteException>(() => AtomicDirectory.Write(dir, Target, _ => throw new UnauthorizedAccessException("Access to the path '/x' is denied.")));
        Assert.StartsWith($"cannot write {dir}: permission denied", ro.Message);
        Assert.False(Directory.Exists(dir));
        var file = Path.Combine(TempDir(), "w.msw");
        var f = Assert.Throws<OutputWriteException>(() => AtomicFile.Write(file, Target, _ => throw new IOException("No space left on device", 28)));
        Assert.Contains(file, f.Message);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void Single_files_are_not_overwritten_without_force()
    {
        var file = Path.Combine(TempDir(), "r.csv");
        File.WriteAllText(file, "mine");
        var ex = Assert.Throws<OutputPathException>(() => AtomicFile.WriteAllText(file, Target, "new"));
        Assert.Contains("--force", ex.Message);
        Assert.Equal("mine", File.ReadAllText(file));
        AtomicFile.WriteAllText(file, Target with { Force = true }, "new");
        Assert.Equal("new", File.ReadAllText(file));
    }

    [Fact]
    public void Marker_detects_a_changed_file()
    {
        var dir = Path.Combine(TempDir(), "shard");
        AtomicDirectory.Write(dir, Target, d => File.WriteAllText(Path.Combine(d, "predictions.csv"), "image,label\n0,7\n"));
        ResultMarker.VerifyShard(dir, "predictions.csv");
        File.WriteAllText(Path.Combine(dir, "predictions.csv"), "image,label\n0,3\n");
        var ex = Assert.Throws<ShardMergeException>(() => ResultMarker.VerifyShard(dir, "predictions.csv"));
        Assert.Contains(dir, ex.Message);
        Assert.Contains("predictions.csv changed", ex.Message);
    }
}
