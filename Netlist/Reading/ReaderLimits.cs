namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// Bounds on what one read may consume, so that a hostile or mistaken netlist ends in a located error instead
/// of exhausting memory, time or the stack. Every bound can be raised for a legitimately large deck.
/// </summary>
public sealed record ReaderLimits
{
    /// <summary>The defaults: 64 MiB per file, 256 MiB of text in all, 10,000 include expansions, 1,000,000 flattened elements.</summary>
    public static ReaderLimits Default { get; } = new();

    /// <summary>Bytes in one MiB (2^20), the unit of the size limits.</summary>
    public const long Mebibyte = 1L << 20;

    /// <summary>Largest single netlist file (top level or included), in bytes. Default 64 MiB.</summary>
    public long MaxFileBytes { get; init; } = 64 * Mebibyte;

    /// <summary>
    /// Largest total of all text read, in bytes, counting a file again each time it is included. Default 256 MiB.
    /// </summary>
    public long MaxTotalBytes { get; init; } = 256 * Mebibyte;

    /// <summary>Most .include / .lib expansions in one read (a file included twice counts twice). Default 10,000.</summary>
    public int MaxIncludeExpansions { get; init; } = 10_000;

    /// <summary>Deepest chain of files including each other. Default 50.</summary>
    public int MaxIncludeDepth { get; init; } = 50;

    /// <summary>Most elements after subcircuit flattening (every instance's elements counted). Default 1,000,000.</summary>
    public long MaxElements { get; init; } = 1_000_000;

    /// <summary>The defaults with the per-file limit set to <paramref name="bytes"/> and the total to four times that (at least the default).</summary>
    public static ReaderLimits WithFileBytes(long bytes) => new()
    {
        MaxFileBytes = bytes,
        MaxTotalBytes = Math.Max(Default.MaxTotalBytes, bytes > long.MaxValue / 4 ? long.MaxValue : 4 * bytes),
    };
}
