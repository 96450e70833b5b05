using MemristorSpice.Cosim.Metrics;

namespace MemristorSpice.Cosim.Ppa;

/// <summary>Area, energy and time of one analog layer per image. Areas µm², energies J, times s.</summary>
public sealed record LayerPpa(
    string Layer, string Kind, HardwareCounts Counts, int ReadsPerImage,
    double CellAreaUm2, double OpAmpAreaUm2, double DacAreaUm2, double AdcAreaUm2,
    double LatencySeconds, double ArrayEnergyJoules, double OpAmpEnergyJoules, double DacEnergyJoules, double AdcEnergyJoules,
    double MeanArrayWattsPerRead, double StaticWatts, double StaticJoulesWholeImage, double StaticJoulesGated)
{
    /// <summary>Total area of the layer, µm².</summary>
    public double AreaUm2 => CellAreaUm2 + OpAmpAreaUm2 + DacAreaUm2 + AdcAreaUm2;
    /// <summary>Energy of the layer per image: array, op-amps, DACs and ADCs, J.</summary>
    public double EnergyJoules => ArrayEnergyJoules + OpAmpEnergyJoules + DacEnergyJoules + AdcEnergyJoules;
    /// <summary>Time of one read (one patch) of this layer, s: the technology's read.timeSeconds, a sweep's read time or the measured settling.</summary>
    public double ReadSeconds { get; init; }
}

/// <summary>
/// Area, power, energy and latency of a whole model's memristor circuits, with its accuracies; <c>Digital</c> lists the
/// digital controller's stages (activations, pooling, residual adds, concatenations) with their operations and energy per image.
/// </summary>
public sealed record ModelPpa(string Model, long Weights, IReadOnlyList<LayerPpa> Layers, int Images, double FloatAccuracy, double CircuitAccuracy,
    double SettlingSeconds, IReadOnlyList<DigitalStagePpa> Digital)
{
    /// <summary>Where the read time per layer comes from ("technology read.timeSeconds", "sweep read time", "measured settling").</summary>
    public string ReadTimeSource { get; init; } = PpaEstimator.TechnologyReadTime;

    /// <summary>Hardware of all layers added.</summary>
    public HardwareCounts Counts => Layers.Aggregate(default(HardwareCounts), (s, l) => s + l.Counts);
    /// <summary>Total area, µm².</summary>
    public double AreaUm2 => Layers.Sum(l => l.AreaUm2);
    /// <summary>Area of all memristor cells, µm².</summary>
    public double CellAreaUm2 => Layers.Sum(l => l.CellAreaUm2);
    /// <summary>Area of all op-amps, µm².</summary>
    public double OpAmpAreaUm2 => Layers.Sum(l => l.OpAmpAreaUm2);
    /// <summary>Area of all DACs and ADCs, µm².</summary>
    public double ConverterAreaUm2 => Layers.Sum(l => l.DacAreaUm2 + l.AdcAreaUm2);
    /// <summary>Layers run one after the other; all crossbars of a layer read their patches in parallel.</summary>
    public double LatencySeconds => Layers.Sum(l => l.LatencySeconds);
    /// <summary>Energy per image over all analog layers and the digital controller's stages, J.</summary>
    public double EnergyJoules => Layers.Sum(l => l.EnergyJoules) + DigitalEnergyJoules;
    /// <summary>Digital controller operations per image (activations, pooling, residual adds, concatenations).</summary>
    public long DigitalOperations => Digital.Sum(d => d.OperationsPerImage);
    /// <summary>Energy of the digital controller's operations per image, J.</summary>
    public double DigitalEnergyJoules => Digital.Sum(d => d.EnergyJoules);
    /// <summary>Energy dissipated in the crossbar arrays per image, J.</summary>
    public double ArrayEnergyJoules => Layers.Sum(l => l.ArrayEnergyJoules);
    /// <summary>Op-amp energy per image, J.</summary>
    public double OpAmpEnergyJoules => Layers.Sum(l => l.OpAmpEnergyJoules);
    /// <summary>DAC and ADC energy per image, J.</summary>
    public double ConverterEnergyJoules => Layers.Sum(l => l.DacEnergyJoules + l.AdcEnergyJoules);
    /// <summary>Average power while an image is processed: energy per image / latency, watts.</summary>
    public double PowerWatts => EnergyJoules / LatencySeconds;
    /// <summary>Average array power while an image is processed, watts.</summary>
    public double ArrayPowerWatts => ArrayEnergyJoules / LatencySeconds;

    /// <summary>Energy per image under the other static-power assumption than the technology's (per-layer gating vs none), J.</summary>
    public double EnergyOtherGatingJoules(bool gatedInTechnology) =>
        EnergyJoules + Layers.Sum(l => gatedInTechnology ? l.StaticJoulesWholeImage - l.StaticJoulesGated : l.StaticJoulesGated - l.StaticJoulesWholeImage);
}

/// <summary>
/// Turns circuit counts, the metered array power and a <see cref="Technology"/> into area, energy and latency
/// (docs/reproduction.md, "How we measure", item 4). Per analog layer L with P_L reads per crossbar per image (its output positions):
/// <list type="bullet">
/// <item>area = N_mem·A_cell + N_opamp·A_opamp + N_dac·A_dac + N_adc·A_adc (converter figures scaled by 2^(bits − reference bits));</item>
/// <item>latency_L = P_L·t_read,L (t_read,L the layer's read time: the technology's read.timeSeconds unless given per layer; every crossbar and tile of the layer reads in parallel; layers in sequence; conversions
/// overlap the read);</item>
/// <item>array energy_L = t_read,L·Σ over the metered reads of Σ_r V_r·I_r, divided by the images, times the devices per cell k_L of the layer (one device is metered at the mean conductance of k);</item>
/// <item>converter energy_L = P_L·(N_dac·E_dac + N_adc·E_adc);</item>
/// <item>static energy: every op-amp and converter draws its static power for the whole image latency (or only during
/// its layer's latency with peripherals.powerGatedPerLayer).</item>
/// <item>digital energy = Σ over the controller's stages of operations × E_op (<see cref="DigitalOperations"/>).</item>
/// </list>
/// </summary>
internal static class PpaEstimator
{
    /// <summary>Read-time source when every layer reads in the technology's read.timeSeconds.</summary>
    public const string TechnologyReadTime = "technology read.timeSeconds";

    /// <summary>Area, energy and latency of one model.</summary>
    /// <param name="model">Model name.</param>
    /// <param name="weights">Weights of the model.</param>
    /// <param name="hardware">Counted hardware per analog layer.</param>
    /// <param name="tallies">Metered array power per tile.</param>
    /// <param name="images">Images the power was metered on.</param>
    /// <param name="tech">Technology constants.</param>
    /// <param name="dacBits">DAC resolution of the run (area and energy scale with it).</param>
    /// <param name="adcBits">ADC resolution of the run.</param>
    /// <param name="floatAccuracy">Float network accuracy, fraction.</param>
    /// <param name="circuitAccuracy">Circuit accuracy, fraction.</param>
    /// <param name="settlingSeconds">Closed-form single-pole settling estimate of the slowest column, s.</param>
    /// <param name="digital">The digital controller's stages with their operations and energy per image.</param>
    /// <param name="layerReadSeconds">Read time per layer name, s; null = the technology's read.timeSeconds for every layer.</param>
    /// <param name="readTimeSource">What <paramref name="layerReadSeconds"/> is (shown in the report).</param>
    public static ModelPpa Estimate(string model, long weights, IReadOnlyList<LayerHardware> hardware, IReadOnlyCollection<TilePowerTally> tallies,
        int images, Technology tech, int dacBits, int adcBits, double floatAccuracy, double circuitAccuracy, double settlingSeconds,
        IReadOnlyList<DigitalStagePpa> digital, IReadOnlyDictionary<string, double>? layerReadSeconds = null, string readTimeSource = TechnologyReadTime)
    {
        if (images < 1) throw new ArgumentOutOfRangeException(nameof(images), "At least one image must have been metered.");
        double dacScale = Technology.ResolutionScale(dacBits, tech.DacBits), adcScale = Technology.ResolutionScale(adcBits, tech.AdcBits);
        double Read(LayerHardware h) => layerReadSeconds is null ? tech.ReadSeconds
            : layerReadSeconds.TryGetValue(h.Layer, out var t) ? t : throw new ArgumentException($"No read time for layer {h.Layer}.");
        double totalLatency = hardware.Sum(h => h.PositionsPerImage * Read(h));
        var layers = new List<LayerPpa>();
        foreach (var h in hardware)
        {
            var c = h.Counts;
            var layerTallies = tallies.Where(t => t.Tile.Layer == h.Layer).ToList();
            long reads = layerTallies.Sum(t => t.Patches);
            // The metered circuit has one device per cell at the mean conductance; k parallel devices draw k times its current.
            double wattsSum = layerTallies.Aggregate(ExactSum.Zero, (s, t) => s + t.WattsSum).Value * h.DevicesPerCell;
            double read = Read(h);
            double latency = h.PositionsPerImage * read;
            double staticWatts = c.OpAmps * tech.OpAmpStaticWatts + c.Dacs * tech.DacStaticWatts * dacScale + c.Adcs * tech.AdcStaticWatts * adcScale;
            double staticTime = tech.PowerGatedPerLayer ? latency : totalLatency;
            double opAmpShare = c.OpAmps * tech.OpAmpStaticWatts * staticTime;
            double dacStatic = c.Dacs * tech.DacStaticWatts * dacScale * staticTime, adcStatic = c.Adcs * tech.AdcStaticWatts * adcScale * staticTime;
            layers.Add(new LayerPpa(h.Layer, h.Kind.ToString(), c, h.PositionsPerImage,
                c.Memristors * tech.CellAreaUm2, c.OpAmps * tech.OpAmpAreaUm2, c.Dacs * tech.DacAreaUm2 * dacScale, c.Adcs * tech.AdcAreaUm2 * adcScale,
                latency, wattsSum / images * read, opAmpShare,
                (long)c.Dacs * h.PositionsPerImage * tech.DacEnergyJoules * dacScale + dacStatic,
                (long)c.Adcs * h.PositionsPerImage * tech.AdcEnergyJoules * adcScale + adcStatic,
                reads > 0 ? wattsSum / reads : 0, staticWatts, staticWatts * totalLatency, staticWatts * latency) { ReadSeconds = read });
        }
        return new ModelPpa(model, weights, layers, images, floatAccuracy, circuitAccuracy, settlingSeconds, digital) { ReadTimeSource = readTimeSource };
    }
}
