using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>E: voltage-controlled voltage source, v(+,−) = gain·v(c+,c−); branch current "i(name)".</summary>
public sealed class VoltageControlledVoltageSource(string name, string positive, string negative,
    string controlPositive, string controlNegative, double gain) : Entity(name)
{
    /// <summary>Output node on the + side (current enters the source here).</summary>
    public string Positive { get; } = positive;
    /// <summary>Output node on the − side.</summary>
    public string Negative { get; } = negative;
    /// <summary>Controlling node c+.</summary>
    public string ControlPositive { get; } = controlPositive;
    /// <summary>Controlling node c−.</summary>
    public string ControlNegative { get; } = controlNegative;
    /// <summary>Voltage gain (V/V).</summary>
    public double Gain { get; } = gain;
    /// <inheritdoc/>
    public override IReadOnlyList<string> Nodes => [Positive, Negative, ControlPositive, ControlNegative];

    /// <inheritdoc/>
    public override void DescribeTopology(TopologyBuilder topology)
    {
        topology.VoltageDefined(Positive, Negative, Name);
        topology.Attach(ControlPositive); topology.Attach(ControlNegative);
    }

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup) => new B(this, setup.Node(Positive), setup.Node(Negative),
        setup.Node(ControlPositive), setup.Node(ControlNegative), setup.AddBranch(Name));

    private sealed class B(VoltageControlledVoltageSource e, int p, int n, int cp, int cn, int b) : Behavior(e.Name), IAcBehavior
    {
        public void LoadAc(AcLoadContext ctx) { } // linear: the DC stamp is the small-signal stamp
        private BranchStamp _s;
        private MatrixElement _bcp, _bcn;
        public override void Bind(SetupContext setup)
        {
            _s = new BranchStamp(setup, p, n, b);
            _bcp = setup.Element(b, cp); _bcn = setup.Element(b, cn);
        }
        public override void Load(LoadContext ctx)
        {
            _s.Add(ctx);
            ctx.Add(_bcp, -e.Gain); ctx.Add(_bcn, e.Gain);
        }
    }
}

/// <summary>G: voltage-controlled current source, i = gm·v(c+,c−) flowing from + through the source to −.</summary>
public sealed class VoltageControlledCurrentSource(string name, string positive, string negative,
    string controlPositive, string controlNegative, double transconductance) : Entity(name)
{
    /// <summary>Output node on the + side; the controlled current flows from here through the source.</summary>
    public string Positive { get; } = positive;
    /// <summary>Output node on the − side, where the controlled current leaves the source.</summary>
    public string Negative { get; } = negative;
    /// <summary>Controlling node c+.</summary>
    public string ControlPositive { get; } = controlPositive;
    /// <summary>Controlling node c−.</summary>
    public string ControlNegative { get; } = controlNegative;
    /// <summary>Transconductance in S.</summary>
    public double Transconductance { get; } = transconductance;
    /// <inheritdoc/>
    public override IReadOnlyList<string> Nodes => [Positive, Negative, ControlPositive, ControlNegative];

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup) => new B(this, setup.Node(Positive), setup.Node(Negative),
        setup.Node(ControlPositive), setup.Node(ControlNegative));

    private sealed class B(VoltageControlledCurrentSource g, int p, int n, int cp, int cn) : Behavior(g.Name), IAcBehavior
    {
        public void LoadAc(AcLoadContext ctx) { } // linear: the DC stamp is the small-signal stamp
        private MatrixElement _pcp, _pcn, _ncp, _ncn;
        public override void Bind(SetupContext setup)
        {
            _pcp = setup.Element(p, cp); _pcn = setup.Element(p, cn); _ncp = setup.Element(n, cp); _ncn = setup.Element(n, cn);
        }
        public override void Load(LoadContext ctx) => ctx.AddConductance(_pcp, _pcn, _ncp, _ncn, g.Transconductance);
    }
}

/// <summary>F: current-controlled current source, i = gain·i(vcontrol), flowing from + through the source to −.</summary>
public sealed class CurrentControlledCurrentSource(string name, string positive, string negative,
    string controllingSource, double gain) : TwoTerminal(name, positive, negative)
{
    /// <summary>Name of the voltage source (or other branch element) whose current controls this source.</summary>
    public string ControllingSource { get; } = controllingSource;
    /// <summary>Current gain (A/A).</summary>
    public double Gain { get; } = gain;

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup) => new B(this, setup.Node(Positive), setup.Node(Negative));

    private sealed class B(CurrentControlledCurrentSource f, int p, int n) : Behavior(f.Name), IAcBehavior
    {
        public void LoadAc(AcLoadContext ctx) { } // linear: the DC stamp is the small-signal stamp
        private MatrixElement _pc, _nc;
        public override void Bind(SetupContext setup)
        {
            int c = setup.Branch(f.ControllingSource);
            _pc = setup.Element(p, c); _nc = setup.Element(n, c);
        }
        public override void Load(LoadContext ctx)
        {
            ctx.Add(_pc, f.Gain); ctx.Add(_nc, -f.Gain);
        }
    }
}

/// <summary>H: current-controlled voltage source, v(+,−) = r·i(vcontrol); branch current "i(name)".</summary>
public sealed class CurrentControlledVoltageSource(string name, string positive, string negative,
    string controllingSource, double transresistance) : TwoTerminal(name, positive, negative)
{
    /// <summary>Name of the voltage source (or other branch element) whose current in Amperes controls this source.</summary>
    public string ControllingSource { get; } = controllingSource;
    /// <summary>Transresistance in Ω.</summary>
    public double Transresistance { get; } = transresistance;

    /// <inheritdoc/>
    public override void DescribeTopology(TopologyBuilder topology) => topology.VoltageDefined(Positive, Negative, Name);

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup) =>
        new B(this, setup.Node(Positive), setup.Node(Negative), setup.AddBranch(Name));

    private sealed class B(CurrentControlledVoltageSource h, int p, int n, int b) : Behavior(h.Name), IAcBehavior
    {
        public void LoadAc(AcLoadContext ctx) { } // linear: the DC stamp is the small-signal stamp
        private BranchStamp _s;
        private MatrixElement _bc;
        public override void Bind(SetupContext setup)
        {
            _s = new BranchStamp(setup, p, n, b);
            _bc = setup.Element(b, setup.Branch(h.ControllingSource));
        }
        public override void Load(LoadContext ctx)
        {
            _s.Add(ctx);
            ctx.Add(_bc, -h.Transresistance);
        }
    }
}
