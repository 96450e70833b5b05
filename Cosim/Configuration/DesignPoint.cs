namespace MemristorSpice.Cosim.Configuration;

/// <summary>
/// One design point of the accelerator (docs/cosim.md "Design point"): the circuit and converter non-idealities
/// (<see cref="Circuit"/>) and the read timing of tran mode. cosim, sweep, report and generate's stimulus decks read
/// the same file (<see cref="NonIdealitiesJson.LoadDesign"/>); a field missing from the file takes its value from
/// <see cref="Default"/>, and a command without a file uses <see cref="Default"/> itself, so "no file", "{}" and the
/// file <c>memspice design</c> writes describe the same circuit.
/// </summary>
public sealed record DesignPoint
{
    /// <summary>JSON value of <c>read.timeSeconds</c> (and of <c>--read-time</c>) that takes each layer's read time from its measured settling.</summary>
    public const string SettlingReadTime = "settling";

    /// <summary>Default fixed time steps per read slot (tran mode).</summary>
    public const int DefaultStepsPerSlot = 40;

    /// <summary>
    /// The realistic circuit every command starts from: 1 Ω wire segments on rows and columns, op-amps with A0 = 1e5
    /// and a 10 MHz gain-bandwidth product, 8-bit DAC and ADC; the other fields keep the <see cref="NonIdealities"/> defaults.
    /// </summary>
    public static NonIdealities RealisticCircuit { get; } = new() { WireRowOhms = 1, WireColumnOhms = 1, OpAmpGain = 1e5, OpAmpGbwHz = 1e7, DacBits = 8, AdcBits = 8 };

    private readonly NonIdealities _circuit = RealisticCircuit;

    /// <summary>
    /// Circuit and converter non-idealities (JSON: every field but <c>read</c>), with the noise's read time set to
    /// <see cref="ReadTimeSeconds"/> (the read bandwidth of the noise follows the design's read slot). With the settling
    /// read time (null) the noise, which is computed in dc mode where no settling is measured, uses
    /// <see cref="TranOptions.DefaultReadTimeSeconds"/> for every layer.
    /// </summary>
    public NonIdealities Circuit
    {
        get
        {
            double noiseRead = UnmeasuredReadTimeSeconds;
            return _circuit.Noise.ReadTimeSeconds == noiseRead ? _circuit : _circuit with { Noise = _circuit.Noise with { ReadTimeSeconds = noiseRead } };
        }
        init => _circuit = value;
    }

    /// <summary>
    /// Read slot per patch, seconds (JSON read.timeSeconds), one for every layer; null (the default, JSON "settling"):
    /// each layer reads at its measured settling time to 0.5 LSB on its worst column, rounded up to
    /// <see cref="Backends.SettlingReadTime.GridSeconds"/> (<see cref="Backends.SettlingReadTime"/>). Acts in tran mode,
    /// sets the latency and energy elsewhere.
    /// </summary>
    public double? ReadTimeSeconds { get; init; }

    /// <summary>
    /// One read time for every layer where no settling is measured, seconds: <see cref="ReadTimeSeconds"/>, or
    /// <see cref="TranOptions.DefaultReadTimeSeconds"/> with the settling read time (the noise bandwidth and the
    /// read-disturb pulse in dc mode; the tran options until the settling is measured).
    /// </summary>
    public double UnmeasuredReadTimeSeconds => ReadTimeSeconds ?? TranOptions.DefaultReadTimeSeconds;

    /// <summary>Fixed time steps per read slot (JSON read.stepsPerSlot); tran mode only.</summary>
    public int StepsPerSlot { get; init; } = DefaultStepsPerSlot;

    /// <summary>The realistic design every command uses when no file is given.</summary>
    public static DesignPoint Default { get; } = new();

    /// <summary>
    /// The ideal reference (<c>--ideal</c>): no wire resistance or capacitance, ideal op-amps (exact nullor
    /// equivalents), ideal DAC and ADC, no variation or faults, no digital column correction.
    /// </summary>
    public static DesignPoint Ideal { get; } = new() { Circuit = NonIdealities.Ideal };

    /// <summary>
    /// The tran timing of this design: <paramref name="baseline"/> (default options) with the read time and steps per
    /// slot; with the settling read time, <see cref="TranOptions.FromSettling"/> is set and the per-layer read times
    /// are still to be measured (<see cref="Backends.SettlingReadTime.Resolve"/>).
    /// </summary>
    public TranOptions Timing(TranOptions? baseline = null) =>
        (baseline ?? new TranOptions()) with
        {
            ReadTimeSeconds = UnmeasuredReadTimeSeconds, FromSettling = ReadTimeSeconds is null,
            LayerReadTimeSeconds = null, StepsPerSlot = StepsPerSlot,
        };

    /// <summary>The first invalid field as (JSON field path, problem), or null.</summary>
    public (string Field, string Problem)? FirstProblem()
    {
        if (Circuit.FirstProblem() is { } p) return p;
        if (Timing().FirstProblem() is { } t)
            return (t.Option == "--read-time" ? "read.timeSeconds" : t.Option == "--steps-per-slot" ? "read.stepsPerSlot" : t.Option, t.Problem);
        return null;
    }
}
