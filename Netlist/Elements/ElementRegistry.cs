using System.Reflection;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Elements;

/// <summary>
/// The one place that knows which element kinds exist: every <see cref="IElementKind"/> of this assembly, looked up by
/// the first letter of a card (reading) or by the record's type (checking, writing, elaborating).
/// </summary>
internal sealed class ElementRegistry
{
    private readonly Dictionary<char, IElementKind> _byLetter = [];
    private readonly Dictionary<Type, IElementKind> _byRecord = [];

    /// <summary>All kinds defined in this assembly.</summary>
    public static ElementRegistry Default { get; } = new(Discover());

    public ElementRegistry(IEnumerable<IElementKind> kinds)
    {
        foreach (var kind in kinds)
        {
            if (!_byRecord.TryAdd(kind.RecordType, kind))
                throw new InvalidOperationException($"two element kinds describe {kind.RecordType.Name}");
            if (kind.Letter is { } letter && !_byLetter.TryAdd(letter, kind))
                throw new InvalidOperationException($"two element kinds read '{letter}' cards: {_byLetter[letter].GetType().Name} and {kind.GetType().Name}");
        }
        Kinds = _byRecord.Values.OrderBy(k => k.RecordType.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every registered kind, ordered by record name.</summary>
    public IReadOnlyList<IElementKind> Kinds { get; }

    /// <summary>The letters of the cards read through the registry, upper case, in SPICE's customary order.</summary>
    public string SupportedLetters =>
        string.Join(' ', _byLetter.Keys.OrderBy(c => "rclkviefghdmqjswb".IndexOf(c) is var i and >= 0 ? i : 100 + c)
            .Select(char.ToUpperInvariant));

    /// <summary>The kind that reads cards starting with <paramref name="letter"/> (any case), or null.</summary>
    public IElementKind? ForLetter(char letter) => _byLetter.GetValueOrDefault(char.ToLowerInvariant(letter));

    /// <summary>The kind of <paramref name="element"/>, or null for a record type defined outside this assembly.</summary>
    public IElementKind? Find(Element element) => _byRecord.GetValueOrDefault(element.GetType());

    /// <summary>The kind of <paramref name="element"/>; every record type of this assembly has one.</summary>
    public IElementKind For(Element element) =>
        _byRecord.TryGetValue(element.GetType(), out var kind)
            ? kind
            : throw new ArgumentException($"element type {element.GetType().Name} has no registered kind", nameof(element));

    private static IEnumerable<IElementKind> Discover() =>
        typeof(ElementRegistry).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IElementKind).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IElementKind)Activator.CreateInstance(t, nonPublic: true)!);
}
