using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Netlist.Tests;

/// <summary>
/// A temporary folder for decks a test writes and runs in both engines, deleted after the test; the runner has live
/// ngspice 39 (a missing ngspice fails the test).
/// </summary>
public abstract class NgspiceDeckFolder(string prefix) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory(prefix);

    /// <summary>The folder's path.</summary>
    protected string Folder => _dir.FullName;

    /// <summary>Deletes the folder.</summary>
    public void Dispose()
    {
        _dir.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes a deck into the folder and returns its path.</summary>
    protected string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A runner with both engines, ngspice allowed 60 s per run.</summary>
    protected static SimulationRunner Runner() => new() { Ngspice = new NgspiceRunner(Dependencies.RequireNgspice(), TimeSpan.FromSeconds(60)) };
}
