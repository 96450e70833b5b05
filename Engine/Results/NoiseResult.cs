namespace MemristorSpice.Engine.Results;

/// <summary>
/// Result of a .noise analysis, named as ngspice 39 names it: the spectra (plot noise1) in V/√Hz (A/√Hz for
/// inoise when the input is a current source) and the integrated totals (plot noise2) in V (A) rms.
/// </summary>
public sealed class NoiseResult
{
    /// <summary>Name of the output noise density column.</summary>
    public const string OutputSpectrum = "onoise_spectrum";
    /// <summary>Name of the input-referred noise density column.</summary>
    public const string InputSpectrum = "inoise_spectrum";
    /// <summary>Name of the integrated output noise.</summary>
    public const string OutputTotal = "onoise_total";
    /// <summary>Name of the integrated input-referred noise.</summary>
    public const string InputTotal = "inoise_total";

    /// <summary>Creates a result; sources maps each noise source to its output PSD in V²/Hz per frequency.</summary>
    public NoiseResult(double[] frequencies, double[] outputDensity, double[] inputDensity, double outputTotal, double inputTotal,
                       IReadOnlyDictionary<string, double[]> sources, IReadOnlyDictionary<string, double> sourceTotals)
    {
        Frequencies = frequencies; OutputDensity = outputDensity; InputDensity = inputDensity;
        OutputTotalRms = outputTotal; InputTotalRms = inputTotal; Sources = sources; SourceTotals = sourceTotals;
    }

    /// <summary>Frequencies in Hz.</summary>
    public double[] Frequencies { get; }

    /// <summary>onoise_spectrum: output noise density √(Σ|H|²·S) in V/√Hz per frequency.</summary>
    public double[] OutputDensity { get; }

    /// <summary>inoise_spectrum: output density divided by |gain| from the input source, in V/√Hz or A/√Hz.</summary>
    public double[] InputDensity { get; }

    /// <summary>onoise_total: √ of the output PSD integrated over the sweep, in V rms.</summary>
    public double OutputTotalRms { get; }

    /// <summary>inoise_total: √ of the input-referred PSD integrated over the sweep, in V or A rms.</summary>
    public double InputTotalRms { get; }

    /// <summary>Output PSD in V²/Hz of each noise source per frequency.</summary>
    public IReadOnlyDictionary<string, double[]> Sources { get; }

    /// <summary>Output noise power in V² of each source integrated over the sweep.</summary>
    public IReadOnlyDictionary<string, double> SourceTotals { get; }

    /// <summary>The spectra as a table (frequency, onoise_spectrum, inoise_spectrum), as ngspice's noise1 plot.</summary>
    public WaveformTable ToTable() => new(AcColumns.Axis, Frequencies,
        [new KeyValuePair<string, double[]>(OutputSpectrum, OutputDensity), new KeyValuePair<string, double[]>(InputSpectrum, InputDensity)]);
}
