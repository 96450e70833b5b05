using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Tests;

public class IncludeTests
{
    private static NetlistReader Reader(InMemoryFileSystem fs) => new() { FileSystem = fs };

    [Fact]
    public void Include_paths_are_relative_to_the_including_file()
    {
        var fs = new InMemoryFileSystem()
            .Add("/proj/top.cir", "top\n.include sub/parts.inc\nXd a 0 part\nV1 a 0 1\n.end\n")
            .Add("/proj/sub/parts.inc", "* parts\n.include 'deeper/r.inc'\n.subckt part p n\nR1 p n {rval}\n.ends\n")
            .Add("/proj/sub/deeper/r.inc", ".param rval=3k\n");
        var c = Reader(fs).Read("/proj/top.cir").Circuit;
        Assert.Equal(3000, ((ResistorElement)c.FindElement("r.xd.r1")!).Resistance);
    }

    [Fact]
    public void Lib_sections()
    {
        var fs = new InMemoryFileSystem()
            .Add("/p/top.cir", "top\n.lib models/corners.lib slow\nD1 a 0 dx\nV1 a 0 1\n.lib fastsec\nR99 a 0 1\n.endl\n")
            .Add("/p/models/corners.lib", ".lib fast\n.model dx D(is=1e-12)\n.endl fast\n.lib slow\n.model dx D(is=1e-15)\n.endl slow\n");
        var c = Reader(fs).Read("/p/top.cir").Circuit;
        Assert.Equal(1e-15, c.Models["dx"].Parameters["is"]);
        Assert.Null(c.FindElement("r99"));
    }

    [Fact]
    public void Include_cycles_name_the_files()
    {
        var fs = new InMemoryFileSystem()
            .Add("/c/top.cir", "top\n.include a.inc\nR1 a 0 1\n")
            .Add("/c/a.inc", ".include b.inc\n")
            .Add("/c/b.inc", "R2 a 0 1\n.include a.inc\n");
        var ex = Assert.Throws<NetlistException>(() => Reader(fs).Read("/c/top.cir"));
        Assert.Contains("include cycle: /c/a.inc -> /c/b.inc -> /c/a.inc", ex.Message);
        Assert.Equal(("/c/b.inc", 2), (ex.First.Location.File, ex.First.Location.Line));
    }

    [Fact]
    public void Missing_files_and_sections_are_errors_at_the_directive()
    {
        var fs = new InMemoryFileSystem()
            .Add("/m/top.cir", "top\n.include nothere.inc\n.lib lib.l nosection\n")
            .Add("/m/lib.l", ".lib other\n.endl\n");
        var ex = Assert.Throws<NetlistException>(() => Reader(fs).Read("/m/top.cir"));
        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains("file not found: /m/nothere.inc", ex.Errors[0].Message);
        Assert.Equal(new SourceLocation("/m/top.cir", 2, 10), ex.Errors[0].Location);
        Assert.Contains("section 'nosection' not found", ex.Errors[1].Message);
    }

    [Fact]
    public void Reads_real_files_from_disk()
    {
        var dir = Directory.CreateTempSubdirectory("netlist-include-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "top.cir"), "disk\n.inc \"my parts.inc\"\nV1 a 0 1\n");
            File.WriteAllText(Path.Combine(dir.FullName, "my parts.inc"), "R1 a 0 2k\n");
            var c = NetlistReader.ReadFile(Path.Combine(dir.FullName, "top.cir")).Circuit;
            Assert.Equal(2000, ((ResistorElement)c.FindElement("r1")!).Resistance);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
