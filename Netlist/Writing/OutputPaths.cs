namespace MemristorSpice.Netlist.Writing;

/// <summary>An output path the tool refuses to use (outside the output folder, or a folder it must not replace).</summary>
public sealed class OutputPathException(string message) : Exception(message);

/// <summary>
/// The one guard every writer of a result folder goes through: a file name is combined with the folder, symbolic
/// links in the existing part of the path are resolved, and anything that ends up outside the folder is refused.
/// Names come from input files (layer names, stems), so this is the last line of defence against <c>../x</c>,
/// absolute names and links that point elsewhere.
/// </summary>
public static class OutputPaths
{
    private const int MaxLinkHops = 40;

    /// <summary>The full path of <paramref name="name"/> inside <paramref name="folder"/>; throws when it would leave the folder.</summary>
    public static string Inside(string folder, string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('\0') || Path.IsPathRooted(name))
            throw new OutputPathException($"refusing to write '{name}': file names in an output folder must be relative names inside it.");
        var root = Real(folder);
        var path = Real(Path.Combine(root, name));
        if (!IsWithin(path, root) || path == root)
            throw new OutputPathException($"refusing to write '{name}': it resolves to {path}, outside the output folder {root}.");
        return path;
    }

    /// <summary>True when <paramref name="path"/> equals <paramref name="folder"/> or lies below it (both full, resolved paths).</summary>
    public static bool IsWithin(string path, string folder)
    {
        var f = Path.TrimEndingDirectorySeparator(folder);
        var p = Path.TrimEndingDirectorySeparator(path);
        if (p == f) return true;
        var prefix = f.EndsWith(Path.DirectorySeparatorChar) ? f : f + Path.DirectorySeparatorChar;
        return p.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// The full path with every symbolic link among its existing components replaced by its final target
    /// (what the operating system will open); components that do not exist yet are kept as written.
    /// </summary>
    public static string Real(string path)
    {
        var full = Path.GetFullPath(path);
        for (int hop = 0; ; hop++)
        {
            var resolved = ResolveOnce(full, out bool changed);
            if (!changed) return resolved;
            if (hop >= MaxLinkHops) throw new OutputPathException($"{path}: too many levels of symbolic links.");
            full = resolved;
        }
    }

    private static string ResolveOnce(string full, out bool changed)
    {
        changed = false;
        var root = Path.GetPathRoot(full)!;
        var current = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                // A relative link target is relative to the folder holding the link.
                var resolved = Path.GetFullPath(target, current);
                changed = true;
                return Path.GetFullPath(Path.Combine([resolved, .. parts[(i + 1)..]]));
            }
            if (!info.Exists) return Path.GetFullPath(Path.Combine([next, .. parts[(i + 1)..]]));
            current = next;
        }
        return current;
    }
}
