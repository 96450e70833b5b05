using MemristorSpice.Engine.Analyses;

namespace MemristorSpice.Engine.Core;

/// <summary>Analysis a circuit is being set up for; devices may stamp differently per analysis.</summary>
public enum AnalysisKind
{
    /// <summary>DC operating point (.op): capacitors open, inductors shorted.</summary>
    OperatingPoint,
    /// <summary>DC sweep (.dc) of a source value.</summary>
    DcSweep,
    /// <summary>Transient analysis (.tran) in the time domain.</summary>
    Transient,
    /// <summary>Small-signal AC analysis (.ac) around the operating point.</summary>
    Ac,
}

/// <summary>Kind of an MNA unknown: decides the absolute tolerance of its Newton convergence test.</summary>
public enum UnknownKind
{
    /// <summary>Node voltage in Volts, tested against VNTOL unless the device gives a tolerance.</summary>
    Voltage,
    /// <summary>Branch current in Amperes, tested against ABSTOL unless the device gives a tolerance.</summary>
    Current,
    /// <summary>Internal device state variable (e.g. a memristor state), tested against ABSTOL unless the device gives a tolerance; left out of AC results.</summary>
    State,
}

/// <summary>
/// A circuit element. Entities are passive descriptions (parameters and node names); for each simulation an
/// entity creates one <see cref="Behavior"/> that holds the unknown indices, matrix handles and state.
/// To add a device in another project: derive from Entity, create a Behavior in <see cref="CreateBehavior"/>
/// (allocate its unknowns and states there), bind matrix handles in <see cref="Behavior.Bind"/>, and stamp in
/// <see cref="Behavior.Load"/>.
/// </summary>
public abstract class Entity
{
    /// <summary>Element with the given netlist name; refuses an empty name.</summary>
    protected Entity(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("Element name is empty.", nameof(name));
        Name = name;
    }

    /// <summary>Element name as given (lookups are case-insensitive).</summary>
    public string Name { get; }

    /// <summary>External node names in pin order.</summary>
    public abstract IReadOnlyList<string> Nodes { get; }

    /// <summary>Phase 1 of setup: map nodes, allocate extra unknowns and state slots, return the behavior.</summary>
    public abstract Behavior CreateBehavior(SetupContext setup);

    /// <summary>
    /// Declares DC connectivity for the floating-node and voltage-loop checks: call
    /// <see cref="TopologyBuilder.Conductive"/> for pins joined by a DC path (resistor, diode, switch, controlled
    /// source output, ...) and <see cref="TopologyBuilder.VoltageDefined"/> for branches that fix a voltage
    /// (voltage sources, E/H outputs, inductors). Pins only joined through capacitors or current sources need
    /// nothing but must be reported with <see cref="TopologyBuilder.Attach"/> (the default does that).
    /// </summary>
    public virtual void DescribeTopology(TopologyBuilder topology)
    {
        foreach (var n in Nodes) topology.Attach(n);
    }

    /// <summary>The element name.</summary>
    public override string ToString() => Name;
}

/// <summary>
/// The per-simulation part of an entity. The engine calls, in order: <see cref="Bind"/> once; then
/// <see cref="Load"/> every Newton iteration; in transient also <see cref="TruncationStep"/> after a converged
/// time point, <see cref="Accept"/> when the point is accepted, and <see cref="AddBreakpoints"/> at the start.
/// </summary>
public abstract class Behavior
{
    /// <summary>Behavior of the entity named name.</summary>
    protected Behavior(string name) { Name = name; }

    /// <summary>Name of the owning entity.</summary>
    public string Name { get; }

    /// <summary>True if the stamps depend on the solution (enables Newton iteration beyond one solve).</summary>
    public virtual bool IsNonlinear => false;

    /// <summary>Phase 2 of setup: request matrix handles and look up other elements' branches.</summary>
    public virtual void Bind(SetupContext setup) { }

    /// <summary>
    /// Adds this device's linearized contributions to the matrix and right-hand side for the solution
    /// <see cref="LoadContext.Solution"/>, in Newton companion form: J·x_new = J·x_old − F(x_old).
    /// Call <see cref="LoadContext.NotConverged"/> when a limited or switched quantity is not yet final.
    /// </summary>
    public abstract void Load(LoadContext context);

    /// <summary>Largest next step in s allowed by this device's local truncation error (transient).</summary>
    public virtual double TruncationStep(LoadContext context) => double.PositiveInfinity;

    /// <summary>Called when a transient time point (or the operating point) is accepted.</summary>
    public virtual void Accept(LoadContext context) { }

    /// <summary>Adds the times in s where this device's excitation has corners (transient start).</summary>
    public virtual void AddBreakpoints(Breakpoints breakpoints, double stopTime) { }
}
