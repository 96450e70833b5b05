using MemristorSpice.Devices.Spice;

namespace MemristorSpice.Devices.Tests;

/// <summary>Builds small test decks that carry the generated device library inline.</summary>
internal static class Decks
{
    public static string With(params string[] lines) =>
        "* MemristorSpice device test\n" + DeviceLibrary.Generate() + "\n" + string.Join("\n", lines) + "\n.end\n";
}
