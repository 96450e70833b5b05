using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Crossbar.Tests.Generation;

/// <summary>Weight CSV files as users write them, good and damaged; errors name the file, the line and the value.</summary>
public sealed class WeightCsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("weight-csv").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string text, string name = "w.csv")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Refused(string text)
    {
        var path = Write(text);
        var e = Assert.Throws<FormatException>(() => WeightCsv.Load(path));
        Assert.StartsWith(path, e.Message);
        return e.Message;
    }

    [Fact]
    public void HeaderRowIsSkipped()
    {
        var m = WeightCsv.Load(Write("out0,out1\n0.5,-1\n2,3e-1\n"));
        Assert.Equal((2, 2), (m.Rows, m.Outputs));
        Assert.Equal([0.5f, -1f, 2f, 0.3f], new[] { m[0, 0], m[0, 1], m[1, 0], m[1, 1] });
    }

    [Fact]
    public void ByteOrderMarkAndCommentsAreAccepted()
    {
        var m = WeightCsv.Load(Write("\uFEFF# matrix\n1,2\n\n3,4\n"));
        Assert.Equal(4f, m[1, 1]);
    }

    [Theory]
    [InlineData("1,2\nNaN,4\n", "line 2 (row 2), column 1: 'NaN' is not a finite number")]
    [InlineData("1,2\n3,Infinity\n", "line 2 (row 2), column 2: 'Infinity' is not a finite number")]
    [InlineData("1,2\n3,1e39\n", "line 2 (row 2), column 2: '1e39' is not a finite number")]   // beyond float32
    [InlineData("1,2\n3,abc\n", "line 2 (row 2), column 2: 'abc' is not a finite number")]
    [InlineData("1,2\n3,\u001b[2J\n", "'\\u001B[2J' is not a finite number")]
    [InlineData("1,2\n3,4,5\n", "line 2 (row 2): 3 columns, but row 1 has 2 (one per output); column 3 is extra")]
    [InlineData("1,2\n3\n", "line 2 (row 2): 1 columns, but row 1 has 2 (one per output); column 2 is missing")]
    [InlineData("", "no rows of numbers (the file is empty or holds only comments)")]
    [InlineData("# only\n\n", "no rows of numbers")]
    [InlineData("a,b\n", "no rows of numbers (the file is empty or holds only comments and a header line)")]
    [InlineData("1,2\n", "need at least two rows (inputs, then the bias row last), found 1")]
    [InlineData("a,b\nc,d\n", "line 2 (row 1), column 1: 'c' is not a finite number")]   // only the first line may be a header
    [InlineData("1,2\0\n3,4\n", "holds NUL bytes")]
    public void DamagedFilesAreRefused(string text, string expected) => Assert.Contains(expected, Refused(text));

    [Fact]
    public void NetworkWeightsFilePointsToGenerateNetwork()
    {
        var msw = Path.Combine(_dir, "msccnn.msw");
        File.Copy(Path.Combine(Dependencies.RepoRoot, "weights", "msccnn.msw"), msw);
        var e = Assert.Throws<FormatException>(() => WeightCsv.Load(msw));
        Assert.Contains("is a network weights file (.msw)", e.Message);
        Assert.Contains("memspice generate network", e.Message);
    }
}
