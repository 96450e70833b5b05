using System.Globalization;
using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.NativeDevices;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// Counts the elements a deck flattens to before anything is flattened: each subcircuit definition is counted
/// once (its own elements plus, per instance, the count of the instantiated definition), so a deck that would
/// expand to 10^10 elements is refused at once, naming the chain of instances that multiplies the count.
/// Recursive or too deep hierarchies are left to the flattener, which reports them.
/// </summary>
internal sealed class FlatSizeCheck(INativeDeviceRegistry registry)
{
    /// <summary>As deep as the flattener goes; below that a part counts as empty (the flattener reports the depth).</summary>
    private const int MaxDepth = 64;

    private readonly Dictionary<Block, double> _counts = [];
    private readonly HashSet<Block> _counting = [];

    public static void Check(Deck deck, INativeDeviceRegistry registry, long maxElements)
    {
        var check = new FlatSizeCheck(registry);
        double total = check.Count(deck.Top, 0);
        if (total <= maxElements) return;
        var chain = check.LargestChain(deck.Top);
        var first = chain.Count > 0 ? chain[0].Statement : null;
        string path = string.Join(" -> ", Shorten(chain.Select(c => $"{c.Statement.Head.Text} ({c.Subcircuit}: {Format(c.Count)} elements)").ToList()));
        throw new NetlistException(first?.Location ?? deck.Top.Location, first?.Head.Text ?? "",
            $"the flattened circuit would have {Format(total)} elements, more than the limit of {maxElements}" +
            (chain.Count > 0 ? "; largest instance chain: " + path : ""),
            "each level of subcircuit nesting multiplies the element count; raise the limit only if the machine has the memory (--max-elements)");
    }

    private double Count(Block block, int depth)
    {
        if (_counts.TryGetValue(block, out double known)) return known;
        if (depth > MaxDepth || !_counting.Add(block)) return 0;
        double total = 0;
        foreach (var s in block.Elements) total += Weight(block, s, depth).Count;
        _counting.Remove(block);
        _counts[block] = total;
        return total;
    }

    /// <summary>Elements one line adds: 1, or a subcircuit instance's whole count.</summary>
    private (double Count, string? Subcircuit, Block? Definition) Weight(Block block, Statement s, int depth)
    {
        if (char.ToLowerInvariant(s.Head.Text[0]) != 'x') return (1, null, null);
        string? subckt = SubcircuitName(s);
        if (subckt is null) return (0, null, null);
        if (registry.Find(subckt) is not null) return (1, subckt, null);
        var definition = block.FindSubcircuit(subckt);
        return definition is null ? (0, subckt, null) : (Count(definition, depth + 1), subckt, definition);
    }

    /// <summary>The subcircuit name of an X line, found as the flattener finds it (last word before the parameters).</summary>
    private static string? SubcircuitName(Statement s)
    {
        var tokens = s.Tokens;
        int end = 1;
        while (end < tokens.Count && tokens[end].Kind == TokenKind.Word && !tokens[end].Is("params:")
               && !(end + 1 < tokens.Count && tokens[end + 1].Kind == TokenKind.Equals)) end++;
        return end < 2 ? null : tokens[end - 1].Text.ToLowerInvariant();
    }

    private List<(Statement Statement, string Subcircuit, double Count)> LargestChain(Block top)
    {
        var chain = new List<(Statement, string, double)>();
        var block = top;
        for (int depth = 0; depth <= MaxDepth; depth++)
        {
            (Statement? Statement, string? Subcircuit, double Count, Block? Definition) best = (null, null, 0, null);
            foreach (var s in block.Elements)
            {
                var w = Weight(block, s, depth);
                if (w.Definition is not null && w.Count > best.Count) best = (s, w.Subcircuit, w.Count, w.Definition);
            }
            if (best.Definition is null) break;
            chain.Add((best.Statement!, best.Subcircuit!, best.Count));
            block = best.Definition;
        }
        return chain;
    }

    private static IEnumerable<string> Shorten(List<string> items) =>
        items.Count <= 8 ? items : items.Take(4).Append($"... ({items.Count - 6} more)").Concat(items.TakeLast(2));

    private static string Format(double count) =>
        count < 1e15 ? ((long)count).ToString(CultureInfo.InvariantCulture) : count.ToString("G3", CultureInfo.InvariantCulture);
}
