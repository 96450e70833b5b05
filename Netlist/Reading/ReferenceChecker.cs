using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// Checks cross references after flattening (model types of D, M, Q and S elements, controlling sources of F and H,
/// inductors of K): each element's kind in <see cref="ElementRegistry"/> knows what its element refers to.
/// </summary>
internal static class ReferenceChecker
{
    public static void Check(NetlistCircuit circuit, DiagnosticBag diagnostics)
    {
        var context = new ReferenceContext(circuit, diagnostics);
        foreach (var e in circuit.Elements) ElementRegistry.Default.Find(e)?.CheckReferences(e, context);
    }
}
