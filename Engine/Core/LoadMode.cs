namespace MemristorSpice.Engine.Core;

/// <summary>
/// What the equations of one Newton load stand for. A device reads this one value (<see cref="LoadContext.Mode"/>)
/// to decide how to stamp; the analysis that runs (<see cref="LoadContext.Analysis"/>) never changes a stamp.
/// The modes follow each other in this order within a transient:
/// <see cref="JunctionStart"/> → <see cref="Dc"/> → <see cref="TransientStart"/> → <see cref="TimeStep"/>…,
/// or with uic <see cref="TransientStartFromInitialConditions"/> → <see cref="TimeStep"/>…
/// The SPICE names in the comments (cktdefs.h) are for orientation; the engine has no other mode bits.
/// </summary>
public enum LoadMode
{
    /// <summary>
    /// First Newton iteration of a DC solution from scratch (operating point, first DC sweep point, the operating
    /// point before a transient or an AC analysis, and each restart of gmin or source stepping). DC equations, and
    /// nonlinear devices ignore the iterate: junctions start near their critical voltage, switches start open,
    /// nothing is limited and no convergence is claimed (SPICE MODEINITJCT with MODEDCOP, MODETRANOP or
    /// MODEDCTRANCURVE).
    /// </summary>
    JunctionStart,

    /// <summary>
    /// Any later Newton iteration of a DC solution: capacitors are open, inductors short, charges are not tracked,
    /// independent sources are scaled by <see cref="LoadContext.SourceFactor"/>, junction voltages are limited
    /// against the last iterate (SPICE MODEDCOP, MODETRANOP or MODEDCTRANCURVE with MODEINITFLOAT).
    /// </summary>
    Dc,

    /// <summary>
    /// One load at t = 0 after the operating point before a transient converged: still the DC equations, but every
    /// charge and flux is stored at the solved point with zero derivative, so that it becomes the integration
    /// history of the first step (the charge evaluation of SPICE's MODETRANOP end and the state copy of MODEINITTRAN).
    /// </summary>
    TransientStart,

    /// <summary>
    /// As <see cref="TransientStart"/>, but the transient skips the operating point (uic): no Newton solve precedes
    /// this load, the node voltages are the .ic values (0 V elsewhere), devices take their own initial conditions
    /// (capacitor IC, inductor IC) and junction voltages are taken as they are, without limiting
    /// (SPICE MODEUIC with MODETRANOP, then MODEINITTRAN).
    /// </summary>
    TransientStartFromInitialConditions,

    /// <summary>
    /// A Newton iteration at a transient time point t &gt; 0: charges and fluxes go through
    /// <see cref="LoadContext.Integrator"/> into companion conductances and currents, sources take their full value at
    /// <see cref="LoadContext.Time"/> (SPICE MODETRAN with MODEINITFLOAT or MODEINITPRED).
    /// </summary>
    TimeStep,
}

/// <summary>The two facts most devices derive from a <see cref="LoadMode"/>.</summary>
public static class LoadModeFacts
{
    /// <summary>
    /// True in every mode but <see cref="LoadMode.TimeStep"/>: the load stands for DC equations (no integration,
    /// capacitors open, inductors short, independent sources scaled by the source factor).
    /// </summary>
    public static bool SolvesDc(this LoadMode mode) => mode != LoadMode.TimeStep;

    /// <summary>
    /// True from <see cref="LoadMode.TransientStart"/> on: devices with charges store q(v) in their state slots
    /// (with dq/dt = 0 at the start, through the integrator in a time step).
    /// </summary>
    public static bool TracksCharge(this LoadMode mode) => mode >= LoadMode.TransientStart;
}
