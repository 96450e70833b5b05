using MemristorSpice.Netlist.Diagnostics;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// Reads the top-level file and everything it pulls in: <c>.include file</c>, <c>.lib file section</c>
/// (section between <c>.lib section</c> and <c>.endl</c>), paths relative to the including file, include
/// cycles reported. Collects <c>.control</c> blocks at every level (<see cref="ControlBlocks"/>) and stops at <c>.end</c>.
/// Stays within <see cref="ReaderLimits"/>: file size, total text, number of expansions and nesting depth.
/// </summary>
internal sealed class SourceReader(INetlistFileSystem files, DiagnosticBag diagnostics, ReaderLimits? limits = null)
{
    private readonly ReaderLimits _limits = limits ?? ReaderLimits.Default;
    private readonly Stack<string> _active = new();
    /// <summary>Logical lines of each file already read: a file included again is not read from disk again.</summary>
    private readonly Dictionary<string, List<Statement>> _loaded = new(StringComparer.Ordinal);
    private long _totalCharacters;
    private int _expansions;

    public string Title { get; private set; } = "";

    /// <summary>The .control statements of the deck and every included file, in reading order.</summary>
    public List<Statement> ControlBlocks { get; } = [];

    public List<Statement> ReadTop(string text, string displayName, string fullPath)
    {
        var output = new List<Statement>();
        _totalCharacters = text.Length;
        var statements = LogicalLineReader.Read(text, displayName, hasTitleLine: true, diagnostics, out var title);
        Title = title;
        _active.Push(Key(fullPath, null));
        Expand(statements, fullPath, output);
        _active.Pop();
        return output;
    }

    private void Expand(List<Statement> statements, string fullPath, List<Statement> output)
    {
        for (int k = 0; k < statements.Count; k++)
        {
            var s = statements[k];
            switch (s.Keyword)
            {
                case ".end":
                    return;
                case ".control":
                    // Interpreted by Control.ControlInterpreter, never handed to ngspice (the ngspice deck is
                    // written from the other statements).
                    ControlBlocks.Add(s);
                    break;
                case ".endc":
                    diagnostics.Error(s.Location, s.Head.Text, ".endc without .control", "remove it");
                    break;
                case ".include":
                case ".inc":
                    diagnostics.Try(() => Include(s, fullPath, output));
                    break;
                case ".lib":
                    if (s.Tokens.Count == 2)
                        k = SkipUntil(statements, k, ".endl", $"library section '{s.Tokens[1].Text}' has no .endl", "close the section with .endl");
                    else
                        diagnostics.Try(() => LibraryCall(s, fullPath, output));
                    break;
                case ".endl":
                    diagnostics.Error(s.Location, s.Head.Text, ".endl without .lib section", "remove it or open the section with .lib name");
                    break;
                default:
                    output.Add(s);
                    break;
            }
        }
    }

    private int SkipUntil(List<Statement> statements, int start, string end, string message, string hint)
    {
        for (int k = start + 1; k < statements.Count; k++)
        {
            if (statements[k].Keyword == end) return k;
        }
        diagnostics.Error(statements[start].Location, statements[start].Head.Text, message, hint);
        return statements.Count;
    }

    private void Include(Statement s, string includingFile, List<Statement> output)
    {
        if (s.Tokens.Count != 2)
            throw new NetlistException(s.Location, s.ToString(), ".include takes exactly one file name", "write .include path/to/file.cir");
        var path = ResolvePath(s.Tokens[1], includingFile);
        var statements = Load(s, path, null);
        Enter(s, path, null, () => Expand(statements, path, output));
    }

    private void LibraryCall(Statement s, string includingFile, List<Statement> output)
    {
        if (s.Tokens.Count != 3)
            throw new NetlistException(s.Location, s.ToString(), ".lib takes a file name and a section name",
                "write .lib models.lib typical, or .lib name ... .endl to define a section");
        var path = ResolvePath(s.Tokens[1], includingFile);
        string section = s.Tokens[2].Text.ToLowerInvariant();
        var statements = Load(s, path, section);
        var body = Section(statements, section);
        if (body is null)
            throw new NetlistException(s.Tokens[2].Location, s.Tokens[2].Text, $"section '{section}' not found in {path}",
                "check the section name; sections start with .lib name and end with .endl");
        Enter(s, path, section, () => Expand(body, path, output));
    }

    private static List<Statement>? Section(List<Statement> statements, string section)
    {
        for (int k = 0; k < statements.Count; k++)
        {
            var s = statements[k];
            if (s.Keyword != ".lib" || s.Tokens.Count != 2 || !s.Tokens[1].Text.Equals(section, StringComparison.OrdinalIgnoreCase)) continue;
            var body = new List<Statement>();
            for (int j = k + 1; j < statements.Count && statements[j].Keyword != ".endl"; j++) body.Add(statements[j]);
            return body;
        }
        return null;
    }

    private void Enter(Statement s, string path, string? section, Action read)
    {
        string key = Key(path, section);
        if (_active.Contains(key))
        {
            var chain = _active.Reverse().SkipWhile(a => a != key).Append(key);
            throw new NetlistException(s.Location, s.ToString(), "include cycle: " + string.Join(" -> ", chain),
                "a file must not include itself, directly or through other files");
        }
        if (_active.Count >= _limits.MaxIncludeDepth)
            throw new NetlistException(s.Location, s.ToString(), $"includes nested deeper than {_limits.MaxIncludeDepth}: " + Chain(),
                "flatten the include chain");
        _active.Push(key);
        try { read(); }
        finally { _active.Pop(); }
    }

    private List<Statement> Load(Statement s, string path, string? section)
    {
        if (++_expansions > _limits.MaxIncludeExpansions)
            throw new NetlistException(s.Location, s.ToString(),
                $"more than {_limits.MaxIncludeExpansions} .include/.lib expansions (files including each other repeatedly?); at " + Chain(),
                "include each file once");
        if (!_loaded.TryGetValue(path, out var statements))
        {
            if (!files.Exists(path))
                throw new NetlistException(s.Tokens[1].Location, s.Tokens[1].Text, $"file not found: {path}",
                    "paths are relative to the file that includes them");
            string text;
            try { text = files.ReadAllText(path, _limits.MaxFileBytes); }
            catch (NetlistFileException ex)
            {
                throw new NetlistException(s.Tokens[1].Location, s.Tokens[1].Text, ex.Message, "include regular netlist files only");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                throw new NetlistException(s.Tokens[1].Location, s.Tokens[1].Text, $"cannot read {path}: {ex.Message}", "check permissions");
            }
            statements = LogicalLineReader.Read(text, path, hasTitleLine: false, diagnostics, out _);
            _loaded[path] = statements;
            _textLength[path] = text.Length;
        }
        _totalCharacters += _textLength[path];
        if (_totalCharacters > _limits.MaxTotalBytes)
            throw new NetlistException(s.Location, s.ToString(),
                $"the included text exceeds {_limits.MaxTotalBytes} bytes in all (files included repeatedly count each time); at " + Chain(),
                "include each file once, or raise the limit with --max-include-bytes");
        return statements;
    }

    private readonly Dictionary<string, int> _textLength = new(StringComparer.Ordinal);

    /// <summary>The files being read, outermost first, shortened to the first and last few when long.</summary>
    private string Chain()
    {
        var files = _active.Reverse().Select(Path.GetFileName).ToList();
        return files.Count <= 8 ? string.Join(" -> ", files) : string.Join(" -> ", files.Take(4)) + $" -> ... ({files.Count - 7} more) -> " + string.Join(" -> ", files.TakeLast(3));
    }

    private static string ResolvePath(Token token, string includingFile)
    {
        string name = token.Text;
        if (token.Kind is not (TokenKind.Word or TokenKind.QuotedString or TokenKind.Expression) || name.Length == 0 || name.Contains('\0'))
            throw new NetlistException(token.Location, token.Display, "expected a file name", "write the path, quoted if it has spaces");
        try
        {
            var directory = Path.GetDirectoryName(includingFile) ?? ".";
            return Path.GetFullPath(Path.IsPathRooted(name) ? name : Path.Combine(directory, name));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new NetlistException(token.Location, token.Display, $"invalid file name: {ex.Message}", "");
        }
    }

    private static string Key(string path, string? section) => section is null ? path : $"{path} [{section}]";
}
