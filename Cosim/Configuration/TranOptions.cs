using System.Text.Json;

namespace MemristorSpice.Cosim.Configuration;

/// <summary>
/// Timing of the tran-mode pulse train (docs/cosim.md "Tran mode"). Patch p of a tile occupies the read slot
/// [p·T, (p+1)·T), T = <see cref="ReadTimeSeconds"/>; the DAC ramps linearly to the patch's row voltages during the
/// first time step of the slot and holds them; the outputs are sampled at the end of the slot. The transient uses
/// <see cref="StepsPerSlot"/> fixed steps per slot (step h = T / StepsPerSlot).
/// </summary>
public sealed record TranOptions
{
    /// <summary>Default read time per patch: 1 µs (8-bit settling of every layer of the shipped MSCCNN with A0 = 1e5 and opAmp.gbwHz ≥ 20 MHz; docs/cosim.md).</summary>
    public const double DefaultReadTimeSeconds = 1e-6;

    /// <summary>Read slot length T per patch, seconds (--read-time).</summary>
    public double ReadTimeSeconds { get; init; } = DefaultReadTimeSeconds;

    /// <summary>
    /// True when the read time comes from the measured settling of the circuit (design point <c>read.timeSeconds</c> =
    /// "settling", the default): every layer then reads at its own <see cref="LayerReadTimeSeconds"/>, which
    /// <see cref="Backends.SettlingReadTime"/> fills in before the tiles are programmed.
    /// </summary>
    public bool FromSettling { get; init; }

    /// <summary>
    /// Read slot per analog layer (layer name → seconds), in the order of the layers; null: every layer at
    /// <see cref="ReadTimeSeconds"/>. Set from the measured settling (<see cref="FromSettling"/>); <see cref="ReadTimeSeconds"/>
    /// is then the slowest layer's slot (one clock for all layers).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, double>>? LayerReadTimeSeconds { get; init; }

    /// <summary>Read slot of one analog layer, seconds: its measured-settling slot, else <see cref="ReadTimeSeconds"/>.</summary>
    public double ReadTimeFor(string layer)
    {
        if (LayerReadTimeSeconds is { } perLayer)
            foreach (var (name, seconds) in perLayer)
                if (name == layer) return seconds;
        return ReadTimeSeconds;
    }

    /// <summary>The timing one layer's tiles run with: its read slot as <see cref="ReadTimeSeconds"/>, no per-layer table.</summary>
    public TranOptions ForLayer(string layer) => this with { ReadTimeSeconds = ReadTimeFor(layer), LayerReadTimeSeconds = null };

    /// <summary>Where the read time comes from, for reports: "measured settling" or "fixed".</summary>
    public string ReadTimeSource => FromSettling ? Backends.SettlingReadTime.Source : "fixed";

    /// <summary>True when the settling-derived read times are still to be measured (<see cref="FromSettling"/> without <see cref="LayerReadTimeSeconds"/>).</summary>
    public bool NeedsSettling => FromSettling && LayerReadTimeSeconds is null;

    /// <summary>Fixed time steps per slot (--steps-per-slot); the step is T / StepsPerSlot.</summary>
    public int StepsPerSlot { get; init; } = 40;

    /// <summary>
    /// Patches simulated as one continuous pulse train (--chunk-patches). Chunks of a tile run in parallel; each
    /// starts from the DC operating point of the patch before its first one (fully settled previous slot), so only
    /// residues older than one slot are lost at a chunk boundary. Chunk boundaries depend on the patch index only.
    /// </summary>
    public int ChunkPatches { get; init; } = 16;

    /// <summary>
    /// Largest relative drift of any cell resistance from the values the tile's matrix was factored with before the
    /// chunk refactors with the drifted states (device dynamics during reads); relative ohms.
    /// </summary>
    public double StateRefactorTolerance { get; init; } = 1e-6;

    /// <summary>
    /// How tiles are read (--tran-solver): <see cref="TranSolver.Superposition"/> (default) reads every patch from the
    /// tile's step responses sampled at the read instants, exact for a linear time-invariant read; tiles whose cells
    /// move at read voltages fall back to <see cref="TranSolver.Full"/>, the fixed-step integration of every patch.
    /// </summary>
    public TranSolver Solver { get; init; } = TranSolver.Superposition;

    /// <summary>
    /// Superposition: a row's step response is followed until the residue left at the read instants (estimated with
    /// its geometric tail) is below this fraction of the tile's largest possible output (Σ_r |T_rj|·Vread), relative.
    /// The 1e-6 default is about 1e-3 LSB of an 8-bit ADC whose range is a quarter of that bound.
    /// </summary>
    public double ResponseTolerance { get; init; } = 1e-6;

    /// <summary>Superposition: a tile whose step responses have not decayed below the tolerance after this many read slots falls back to the full solver.</summary>
    public int MaxResponseSlots { get; init; } = 2000;

    /// <summary>Time step h = T / StepsPerSlot, seconds.</summary>
    public double StepSeconds => ReadTimeSeconds / StepsPerSlot;

    /// <summary>The first invalid setting as (command-line option, problem), or null.</summary>
    public (string Option, string Problem)? FirstProblem()
    {
        if (!(ReadTimeSeconds > 0) || !double.IsFinite(ReadTimeSeconds) || ReadTimeSeconds > 1)
            return ("--read-time", $"must be a read time per patch in (0, 1] seconds (got {ReadTimeSeconds})");
        if (LayerReadTimeSeconds is { } perLayer)
            foreach (var (layer, t) in perLayer)
                if (!(t > 0) || !double.IsFinite(t) || t > 1)
                    return ("--read-time", $"of layer {layer} must be in (0, 1] seconds (got {t})");
        if (StepsPerSlot is < 4 or > 10_000) return ("--steps-per-slot", $"must be in [4, 10000] (got {StepsPerSlot})");
        if (ChunkPatches is < 1 or > 1_000_000) return ("--chunk-patches", $"must be at least 1 (got {ChunkPatches})");
        if (!(StateRefactorTolerance > 0) || StateRefactorTolerance >= 0.1)
            return ("stateRefactorTolerance", $"must be in (0, 0.1) (got {StateRefactorTolerance})");
        if (!(ResponseTolerance > 0) || ResponseTolerance >= 0.01)
            return ("responseTolerance", $"must be in (0, 0.01) (got {ResponseTolerance})");
        if (MaxResponseSlots is < 1 or > 1_000_000) return ("maxResponseSlots", $"must be in [1, 1000000] (got {MaxResponseSlots})");
        return null;
    }

    /// <summary>Returns this instance when every option is in range.</summary>
    /// <exception cref="ArgumentException">Names the first option out of range.</exception>
    public TranOptions Validate()
    {
        if (FirstProblem() is { } p) throw new ArgumentException($"{p.Option} {p.Problem}.");
        return this;
    }

    /// <summary>Settings-hash part of a tran run.</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("readTimeSeconds", ReadTimeSeconds);
        w.WriteString("readTimeSource", ReadTimeSource);
        if (LayerReadTimeSeconds is { } perLayer)
        {
            w.WriteStartObject("layerReadTimeSeconds");
            foreach (var (layer, t) in perLayer) w.WriteNumber(layer, t);
            w.WriteEndObject();
        }
        w.WriteNumber("stepsPerSlot", StepsPerSlot);
        w.WriteNumber("chunkPatches", ChunkPatches);
        w.WriteNumber("stateRefactorTolerance", StateRefactorTolerance);
        w.WriteString("solver", Solver == TranSolver.Full ? "full" : "superposition");
        w.WriteNumber("responseTolerance", ResponseTolerance);
        w.WriteNumber("maxResponseSlots", MaxResponseSlots);
        w.WriteEndObject();
    }
}

/// <summary>How tran mode reads a tile.</summary>
public enum TranSolver
{
    /// <summary>Superposition of per-row step responses sampled on the read grid (exact for a linear time-invariant read).</summary>
    Superposition,
    /// <summary>Fixed-step integration of every patch's pulse (needed when cells move during reads).</summary>
    Full,
}
