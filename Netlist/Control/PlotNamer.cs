namespace MemristorSpice.Netlist.Control;

/// <summary>
/// ngspice's plot names: the analysis kind and one counter shared by all kinds, raised only when the name is taken
/// (measured with ngspice 39: op, dc, op, tran, dc, ac, tf give op1 dc1 op2 tran2 dc2 ac2 tf2). A destroyed plot
/// frees its name.
/// </summary>
internal sealed class PlotNamer
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter = 1;

    /// <summary>The name of a new plot of kind <paramref name="kind"/> (op, dc, tran, ac, tf), taken at once.</summary>
    public string Next(string kind)
    {
        while (_names.Contains(kind + _counter)) _counter++;
        string name = kind + _counter;
        _names.Add(name);
        return name;
    }

    /// <summary>Frees a name (destroy name); false when no plot has it.</summary>
    public bool Remove(string name) => _names.Remove(name);

    /// <summary>Frees every name (destroy all).</summary>
    public void Clear() => _names.Clear();
}
