using MemristorSpice.Cosim.Reports;
using MemristorSpice.Devices.Spice;
using MemristorSpice.Netlist.Writing;

namespace MemristorSpice.Cli.Commands.Generate;

/// <summary>The output folder of <c>generate</c>: netlists, manifests, cell tables and, outside a checkout, devices.lib.</summary>
internal static class GeneratedFolder
{
    /// <summary>
    /// Writes the whole folder at once (hidden sibling folder, renamed at the end): an interrupt leaves no partial
    /// result and a rerun never mixes two models' files. Every name goes through <see cref="OutputPaths.Inside"/>.
    /// Returns the written paths under <paramref name="outDir"/>, in writing order.
    /// </summary>
    public static List<string> Write(string outDir, OutputTarget target, IEnumerable<(string Name, string Text)> files, bool libraryCopy)
    {
        var names = new List<string>();
        AtomicDirectory.Write(outDir, target, temp =>
        {
            if (libraryCopy)
            {
                File.WriteAllText(OutputPaths.Inside(temp, "devices.lib"), DeviceLibrary.Generate());
                names.Add("devices.lib");
            }
            foreach (var (name, text) in files)
            {
                var path = OutputPaths.Inside(temp, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
                names.Add(name);
            }
        });
        return names.Select(n => Path.Combine(outDir, n)).ToList();
    }
}
