using MemristorSpice.Netlist.Writing;

namespace MemristorSpice.Cosim.Reports;

/// <summary>
/// Where a command may write, and what it may replace. An output folder may be new or empty; a non-empty one is
/// replaced only when it is one of our result folders (it carries <see cref="ResultMarker"/>), the user gave
/// <c>--force</c>, and it holds nothing the marker does not list. Never allowed: the file-system root, the home
/// folder, the repository root, the current folder or one above it, and a folder that is, holds or lies inside one
/// of the command's inputs. A single output file may be new; an existing one is replaced only with <c>--force</c>.
/// </summary>
/// <param name="Command">The command writing ("cosim", "merge", ...), recorded in the marker.</param>
/// <param name="Version">The tool's version, recorded in the marker.</param>
/// <param name="Force">The user asked to replace an earlier result.</param>
/// <param name="Inputs">Files and folders the command reads.</param>
/// <param name="Protected">Further folders never to be used or replaced (the repository root).</param>
/// <param name="Option">The option naming the output, for messages.</param>
public sealed record OutputTarget(string Command, string Version, bool Force, IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Protected, string Option = "--out")
{
    /// <summary>Checks that <paramref name="folder"/> may receive this command's result; returns its full, resolved path.</summary>
    public string CheckFolder(string folder)
    {
        var full = CheckCommon(folder);
        if (File.Exists(full)) throw Refuse($"{Option} {folder} is an existing file, not a folder: give a folder path.");
        if (Path.GetDirectoryName(full) is null) throw Refuse($"{Option} {folder} is the file-system root: give a folder of its own.");
        foreach (var p in Protected.Append(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)).Where(p => p.Length > 0))
            if (full == OutputPaths.Real(p))
                throw Refuse($"{Option} {folder} is {(Protected.Contains(p) ? "the repository root" : "your home folder")}: results go into a folder of their own.");
        if (OutputPaths.IsWithin(OutputPaths.Real(Environment.CurrentDirectory), full))
            throw Refuse($"{Option} {folder} is the current folder or one above it, which would be replaced as a whole: give a new sub-folder, e.g. {Option} results.");
        if (!Directory.Exists(full) || !Directory.EnumerateFileSystemEntries(full).Any()) return full;
        var marker = ResultMarker.TryRead(full);
        if (marker is null)
            throw Refuse($"{Option} {folder} is not empty and is not a memspice result folder (no {ResultMarker.FileName}): nothing was changed; choose a new or empty folder.");
        if (!Force)
            throw Refuse($"{Option} {folder} holds an earlier memspice {marker.Command} result: add --force to replace it, or choose a new folder.");
        var foreign = marker.Unlisted(full);
        if (foreign.Count > 0)
            throw Refuse($"{Option} {folder} holds files memspice did not write ({string.Join(", ", foreign.Take(5))}{(foreign.Count > 5 ? ", ..." : "")}): " +
                         "not replacing it even with --force; move them or choose another folder.");
        return full;
    }

    /// <summary>Checks that <paramref name="file"/> may be written as a single output file; returns its full, resolved path.</summary>
    public string CheckFile(string file)
    {
        var full = CheckCommon(file);
        if (Directory.Exists(full)) throw Refuse($"{Option} {file} is an existing folder, not a file: give a file path.");
        if (File.Exists(full) && !Force) throw Refuse($"{Option} {file} already exists: add --force to replace it, or choose another name.");
        return full;
    }

    private string CheckCommon(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw Refuse($"{Option} '{path}' is empty: give a path.");
        string full;
        try { full = OutputPaths.Real(path); }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException or IOException)
        {
            throw Refuse($"{Option} {path} is not a usable path ({OutputWriteException.CauseOf(ex)}).");
        }
        foreach (var input in Inputs.Where(i => !string.IsNullOrEmpty(i)))
        {
            var real = RealOrFull(input);
            if (real == full) throw Refuse($"{Option} {path} is one of the inputs ({input}): an output may not replace an input.");
            if (OutputPaths.IsWithin(real, full)) throw Refuse($"{Option} {path} contains the input {input}: choose a folder that holds no inputs.");
            if (OutputPaths.IsWithin(full, real)) throw Refuse($"{Option} {path} lies inside the input {input}: choose a folder outside it.");
        }
        return full;
    }

    /// <summary>An input's resolved path; an input whose links cannot be resolved (a loop) is compared as written.</summary>
    private static string RealOrFull(string input)
    {
        try { return OutputPaths.Real(input); }
        catch (OutputPathException) { return Path.GetFullPath(input); }
    }

    private static OutputPathException Refuse(string message) => new(message);
}
