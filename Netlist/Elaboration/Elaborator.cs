using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.NativeDevices;

namespace MemristorSpice.Netlist.Elaboration;

/// <summary>
/// Builds the engine's <see cref="Engine.Circuit"/> from a read netlist: every element kind, waveform, diode,
/// level-1 MOSFET and switch model, .ic and .nodeset. Instances of registered native devices become the device's entity.
/// Behavioral sources (B, E/G value=) become compiled <see cref="Engine.Behavioral.BehavioralSource"/>s.
/// What the engine cannot simulate (an unregistered X instance) is a
/// <see cref="NetlistException"/> at the element's line.
/// </summary>
public sealed class Elaborator(INativeDeviceRegistry? registry = null)
{
    private readonly INativeDeviceRegistry _registry = registry ?? NativeDeviceRegistry.Empty;

    /// <summary>Output point limit of the analyses (<see cref="Engine.SimulationOptions.MaxPoints"/>); null keeps the engine's default.</summary>
    public int? MaxPoints { get; init; }

    public ElaboratedNetlist Elaborate(NetlistCircuit netlist)
    {
        var diagnostics = new DiagnosticBag();
        var options = EngineMapping.Options(netlist.Options);
        if (MaxPoints is int max) options = options with { MaxPoints = max };
        var circuit = new Engine.Circuit(netlist.Title);
        var behavioral = new BehavioralElaboration(netlist);
        foreach (var element in netlist.Elements)
            diagnostics.Try(() => circuit.Add(Entity(element, netlist, options, behavioral, diagnostics)));
        foreach (var (node, value) in netlist.InitialConditions) circuit.InitialConditions[node] = value;
        foreach (var (node, value) in netlist.NodeSets) circuit.Nodesets[node] = value;
        diagnostics.ThrowIfErrors();
        return new ElaboratedNetlist(circuit, options, netlist.Analyses, diagnostics.Warnings);
    }

    private Engine.Entity Entity(Element element, NetlistCircuit netlist, Engine.SimulationOptions options, BehavioralElaboration behavioral,
        DiagnosticBag diagnostics)
    {
        try
        {
            return element switch
            {
                Resistor r => new Engine.Resistor(r.Name, r.Positive, r.Negative,
                    r.ResistanceAt(netlist.Options.TemperatureCelsius, netlist.Options.NominalCelsius)),
                Capacitor c => new Engine.Capacitor(c.Name, c.Positive, c.Negative, c.Capacitance, c.InitialVoltage),
                Inductor l => new Engine.Inductor(l.Name, l.Positive, l.Negative, l.Inductance, l.InitialCurrent),
                MutualInductance k => new Engine.MutualInductance(k.Name, k.Inductor1, k.Inductor2,
                    k.Coupling * Math.Sqrt(((Inductor)netlist.FindElement(k.Inductor1)!).Inductance * ((Inductor)netlist.FindElement(k.Inductor2)!).Inductance)),
                VoltageSource v => new Engine.VoltageSource(v.Name, v.Positive, v.Negative, v.Dc, EngineMapping.Waveform(v.Waveform))
                    { AcMagnitude = v.AcMagnitude ?? 0, AcPhaseDegrees = v.AcPhaseDegrees ?? 0 },
                CurrentSource i => new Engine.CurrentSource(i.Name, i.Positive, i.Negative, i.Dc, EngineMapping.Waveform(i.Waveform))
                    { AcMagnitude = i.AcMagnitude ?? 0, AcPhaseDegrees = i.AcPhaseDegrees ?? 0 },
                Vcvs e => new Engine.VoltageControlledVoltageSource(e.Name, e.Positive, e.Negative, e.ControlPositive, e.ControlNegative, e.Gain),
                Vccs g => new Engine.VoltageControlledCurrentSource(g.Name, g.Positive, g.Negative, g.ControlPositive, g.ControlNegative, g.Transconductance),
                Cccs f => new Engine.CurrentControlledCurrentSource(f.Name, f.Positive, f.Negative, f.ControllingSource, f.Gain),
                Ccvs h => new Engine.CurrentControlledVoltageSource(h.Name, h.Positive, h.Negative, h.ControllingSource, h.Transresistance),
                Diode d => JunctionDiode(d, netlist, options, diagnostics),
                Mosfet m => Transistor(m, netlist, diagnostics),
                Bjt q => Bipolar(q, netlist, diagnostics),
                VoltageSwitch s => new Engine.VoltageSwitch(s.Name, s.Positive, s.Negative, s.ControlPositive, s.ControlNegative,
                    EngineMapping.Switch(Model(netlist, s, s.Model, "sw", EngineMapping.SwitchParameters, diagnostics), options.Gmin)),
                SubcircuitInstance x => Native(x),
                BehavioralSource b => new Engine.Behavioral.BehavioralSource(b.Name, b.Positive, b.Negative, b.IsVoltage,
                    behavioral.Compile(b, b.Expression)),
                BehavioralPassive bp => Passive(bp, behavioral.Compile(bp, bp.Expression)),
                _ => throw Unsupported(element, $"element type {element.GetType().Name} has no engine counterpart", ""),
            };
        }
        catch (Engine.CircuitException ex)
        {
            throw Unsupported(element, ex.Message, "check the element's values");
        }
    }

    /// <summary>A MOSFET: the level is checked before unknown parameters are reported (a BSIM card would list dozens).</summary>
    private static Engine.Mosfet Transistor(Mosfet m, NetlistCircuit netlist, DiagnosticBag diagnostics)
    {
        if (netlist.Models.TryGetValue(m.Model, out var card)) EngineMapping.RequireLevel1(card);
        var model = EngineMapping.Mosfet(Model(netlist, m, m.Model, "nmos", EngineMapping.MosfetParameters, diagnostics), netlist.Options.NominalCelsius);
        return new Engine.Mosfet(m.Name, m.Drain, m.Gate, m.Source, m.Bulk, model, EngineMapping.Geometry(m)) { Off = m.Off };
    }

    /// <summary>
    /// A diode at its temperature: TEMP wins over DTEMP (ngspice). Where ngspice limits the temperature-scaled grading
    /// coefficient (0.9) or junction potential (1/FC) with a warning, so do we.
    /// </summary>
    private static Engine.Diode JunctionDiode(Diode d, NetlistCircuit netlist, Engine.SimulationOptions options, DiagnosticBag diagnostics)
    {
        var card = Model(netlist, d, d.Model, "d", EngineMapping.DiodeParameters, diagnostics);
        var diode = new Engine.Diode(d.Name, d.Anode, d.Cathode, EngineMapping.Diode(card, d.Area, netlist.Options.NominalCelsius))
        {
            Kelvin = d.Temp + 273.15, DeltaKelvin = d.Dtemp ?? 0,
        };
        double kelvin = diode.DeviceKelvin(options.Temperature);
        var t = Engine.DiodeTemperature.Of(diode.Model, kelvin);
        string at = $"at {kelvin - 273.15:0.##} °C";
        if (t.GradingLimited)
            diagnostics.Warn(card.Location, "m", $"{d.Name}: grading coefficient M of '{d.Model}' {at} is above {Engine.DiodeTemperature.MaxGrading} and was limited to it (as ngspice does)",
                "use m <= 0.9 (and tm1/tm2 that keep it there)");
        if (t.PotentialLimited)
            diagnostics.Warn(card.Location, "vj", $"{d.Name}: junction potential VJ of '{d.Model}' {at} is above 1/FC and was limited to {t.Vj:G4} V (as ngspice does)",
                "check vj and fc");
        return diode;
    }

    /// <summary>A BJT: the level is checked first (a VBIC or HICUM card would list dozens of unknown parameters).</summary>
    private static Engine.Bjt Bipolar(Bjt q, NetlistCircuit netlist, DiagnosticBag diagnostics)
    {
        if (netlist.Models.TryGetValue(q.Model, out var card)) EngineMapping.RequireGummelPoon(card);
        var model = EngineMapping.Bjt(Model(netlist, q, q.Model, "npn", EngineMapping.BjtParameters, diagnostics), netlist.Options.NominalCelsius);
        return new Engine.Bjt(q.Name, q.Collector, q.Base, q.Emitter, q.Substrate ?? "0", model, q.Area) { Off = q.Off };
    }

    private static Engine.Entity Passive(BehavioralPassive p, Engine.Behavioral.BehavioralFunction f) => p.Kind switch
    {
        PassiveKind.Resistor => new Engine.Behavioral.BehavioralResistor(p.Name, p.Positive, p.Negative, f),
        PassiveKind.Capacitor => new Engine.Behavioral.BehavioralCapacitor(p.Name, p.Positive, p.Negative, f, p.Initial),
        _ => new Engine.Behavioral.BehavioralInductor(p.Name, p.Positive, p.Negative, f, p.Initial),
    };

    private Engine.Entity Native(SubcircuitInstance x)
    {
        var device = _registry.Find(x.Subcircuit)
                     ?? throw Unsupported(x, $"subcircuit instance '{x.Name}' of '{x.Subcircuit}' is not a registered native device", "register it or flatten it");
        return device.Create(x.Name, x.Pins, x.Parameters);
    }

    private static ModelCard Model(NetlistCircuit netlist, Element element, string name, string type, IReadOnlySet<string> known, DiagnosticBag diagnostics)
    {
        if (!netlist.Models.TryGetValue(name, out var card))
            throw Unsupported(element, $"model '{name}' is not defined", $"add .model {name} {type.ToUpperInvariant()}(...)");
        foreach (var p in card.Parameters.Keys.Where(p => !known.Contains(p) && p != "level"))
            diagnostics.Warn(card.Location, p, $"model parameter '{p}' of '{name}' is not used by our engine", "known: " + string.Join(' ', known));
        return card;
    }

    private static NetlistException Unsupported(Element element, string message, string hint) =>
        new(element.Location, element.Name, message, hint);
}
