namespace MemristorSpice.Devices.Memristors;

/// <summary>How a programmed conductance relaxes with the time since programming.</summary>
public enum DriftLaw
{
    /// <summary>No relaxation: G(t) = G0.</summary>
    None,

    /// <summary>Power law of PCM structural relaxation: G(t) = G0·(t/t0)^(−ν) for t &gt; t0 (Ielmini et al., IEEE TED 54(2), 2007).</summary>
    PowerLaw,

    /// <summary>Log-time relaxation of filamentary ReRAM: G(t) = G0 + ΔG·ln(t/t0) for t &gt; t0, ΔG with a mean and a spread in Siemens.</summary>
    LogTime,
}

/// <summary>
/// Retention (conductance relaxation after programming) of a memristor technology, with its published source.
/// Per cell, a standard normal draw z sets the cell's own coefficient; t is first mapped to the equivalent time at
/// the reference temperature when the law has an activation energy (Arrhenius time–temperature equivalence):
/// t_eq = t·exp(Ea/k_B·(1/T_ref − 1/T)).
/// <list type="bullet">
/// <item>Power law: ν(G0) = |μ_ν + σ_ν·z| with μ_ν = clamp(a_μ·ln(G0/G_ref) + b_μ, μ_lo, μ_hi) and
/// σ_ν = clamp(a_σ·ln(G0/G_ref) + b_σ, σ_lo, σ_hi) (the level-dependent fit of Nandakumar et al. / Joshi et al.,
/// Nat. Commun. 11, 2473 (2020), as in aihwkit's PCMLikeNoiseModel); G(t) = G0·(t_eq/t0)^(−ν).</item>
/// <item>Log time: G(t) = max(G0 + (m + s·z)·ln(t_eq/t0), 0), m the mean shift and s the spread per e-fold of time, Siemens.</item>
/// </list>
/// </summary>
/// <param name="Name">Short name (pcm, reram-cmo, none).</param>
/// <param name="Source">Publication the numbers come from.</param>
/// <param name="Law">Relaxation law.</param>
/// <param name="T0Seconds">t0: the time after programming at which G = G0 (read-after-write reference), seconds.</param>
/// <param name="ReferenceSiemens">G_ref that normalises G0 in the power-law fit, Siemens (the fit's g_max).</param>
/// <param name="NuLogSlope">a_μ: slope of the mean drift exponent in ln(G0/G_ref).</param>
/// <param name="NuIntercept">b_μ: mean drift exponent at G0 = G_ref.</param>
/// <param name="NuMin">Lower clamp of the mean drift exponent.</param>
/// <param name="NuMax">Upper clamp of the mean drift exponent.</param>
/// <param name="NuSigmaLogSlope">a_σ: slope of the spread of ν in ln(G0/G_ref).</param>
/// <param name="NuSigmaIntercept">b_σ: spread of ν at G0 = G_ref.</param>
/// <param name="NuSigmaMin">Lower clamp of the spread of ν.</param>
/// <param name="NuSigmaMax">Upper clamp of the spread of ν.</param>
/// <param name="LogShiftSiemens">m: mean conductance change per e-fold of time (log law), Siemens.</param>
/// <param name="LogSpreadSiemens">s: standard deviation of the change per e-fold of time (log law), Siemens.</param>
/// <param name="ActivationEnergyEv">Ea of the Arrhenius time acceleration, eV; null = no temperature dependence known.</param>
/// <param name="ReferenceKelvin">T_ref at which the coefficients were measured, Kelvin.</param>
/// <param name="Cell">Programming noise and accumulated 1/f read noise of each cell (a PCM device preset); null = none.</param>
public sealed record RetentionDrift(
    string Name, string Source, DriftLaw Law, double T0Seconds,
    double ReferenceSiemens = 0, double NuLogSlope = 0, double NuIntercept = 0, double NuMin = 0, double NuMax = 0,
    double NuSigmaLogSlope = 0, double NuSigmaIntercept = 0, double NuSigmaMin = 0, double NuSigmaMax = 0,
    double LogShiftSiemens = 0, double LogSpreadSiemens = 0,
    double? ActivationEnergyEv = null, double ReferenceKelvin = 300, CellNoise? Cell = null)
{
    /// <summary>Boltzmann constant, eV/K (CODATA 2018, exact).</summary>
    public const double BoltzmannEvPerKelvin = 8.617333262e-5;

    /// <summary>No relaxation.</summary>
    public static RetentionDrift None { get; } = new("none", "no retention drift", DriftLaw.None, 1);

    /// <summary>Power law with one drift exponent ν for every cell and no spread (the closed-form reference of the tests).</summary>
    public static RetentionDrift ConstantPowerLaw(double nu, double t0Seconds, string source) =>
        new($"power-law nu={nu}", source, DriftLaw.PowerLaw, t0Seconds, ReferenceSiemens: 1, NuIntercept: nu, NuMin: nu, NuMax: nu);

    /// <summary>True when the law changes conductances at all.</summary>
    public bool Drifts => Law != DriftLaw.None;

    /// <summary>The equivalent time at <see cref="ReferenceKelvin"/> of <paramref name="seconds"/> spent at <paramref name="kelvin"/>.</summary>
    /// <exception cref="ArgumentException">A temperature other than the reference for a law without an activation energy.</exception>
    public double EquivalentSeconds(double seconds, double kelvin)
    {
        if (!(kelvin > 0) || !double.IsFinite(kelvin)) throw new ArgumentException($"temperature must be > 0 K, got {kelvin}.");
        if (kelvin == ReferenceKelvin || !Drifts) return seconds;
        if (ActivationEnergyEv is not { } ea)
            throw new ArgumentException($"retention model '{Name}' has no activation energy, so it has no temperature dependence; use {ReferenceKelvin} K.");
        return seconds * Math.Exp(ea / BoltzmannEvPerKelvin * (1 / ReferenceKelvin - 1 / kelvin));
    }

    /// <summary>Mean drift exponent μ_ν at programmed conductance G0 (power law).</summary>
    public double MeanNu(double g0Siemens) =>
        Math.Clamp(NuLogSlope * Math.Log(Math.Max(g0Siemens, 1e-30) / ReferenceSiemens) + NuIntercept, NuMin, NuMax);

    /// <summary>Spread σ_ν of the drift exponent at programmed conductance G0 (power law).</summary>
    public double NuSigma(double g0Siemens) =>
        Math.Clamp(NuSigmaLogSlope * Math.Log(Math.Max(g0Siemens, 1e-30) / ReferenceSiemens) + NuSigmaIntercept, NuSigmaMin, NuSigmaMax);

    /// <summary>
    /// Conductance, Siemens, <paramref name="equivalentSeconds"/> after programming to <paramref name="g0Siemens"/>,
    /// for the cell whose standard normal draw is <paramref name="z"/>. Before t0 the cell is at G0.
    /// </summary>
    public double Conductance(double g0Siemens, double equivalentSeconds, double z)
    {
        if (!Drifts || !(equivalentSeconds > T0Seconds)) return g0Siemens;
        double lnRatio = Math.Log(equivalentSeconds / T0Seconds);
        return Law switch
        {
            DriftLaw.PowerLaw => g0Siemens * Math.Exp(-Math.Abs(MeanNu(g0Siemens) + NuSigma(g0Siemens) * z) * lnRatio),
            DriftLaw.LogTime => Math.Max(g0Siemens + (LogShiftSiemens + LogSpreadSiemens * z) * lnRatio, 0),
            _ => g0Siemens,
        };
    }

    /// <summary>
    /// Conductance, Siemens, of a cell programmed to the target <paramref name="targetSiemens"/> with its programming
    /// and read noise (<see cref="Cell"/>, <paramref name="zProgram"/> and <paramref name="zRead"/> its standard normal
    /// draws): G_prog = max(G_T + σ_prog(G_T)·z_p, 0), drifted as <see cref="Conductance(double, double, double)"/> with
    /// ν from G_T, then G = max(G_d + |G_d|·σ_read(G_prog, t)·z_r, 0) (the order of Joshi et al. 2020 / aihwkit). Without
    /// <see cref="Cell"/> it is <see cref="Conductance(double, double, double)"/>.
    /// </summary>
    public double Conductance(double targetSiemens, double equivalentSeconds, double zDrift, double zProgram, double zRead)
    {
        if (Cell is not { } cell) return Conductance(targetSiemens, equivalentSeconds, zDrift);
        double programmed = Math.Max(targetSiemens + cell.ProgrammingSigmaSiemens(targetSiemens) * zProgram, 0);
        double drifted = !Drifts || !(equivalentSeconds > T0Seconds) ? programmed
            : programmed * Math.Exp(-Math.Abs(MeanNu(targetSiemens) + NuSigma(targetSiemens) * zDrift) * Math.Log(equivalentSeconds / T0Seconds));
        return Math.Max(drifted + Math.Abs(drifted) * cell.ReadSigmaRelative(programmed, equivalentSeconds) * zRead, 0);
    }

    /// <summary>The first invalid parameter as a message, or null.</summary>
    public string? FirstProblem()
    {
        if (!(T0Seconds > 0) || !double.IsFinite(T0Seconds)) return $"t0 must be > 0 s (got {T0Seconds})";
        if (Law == DriftLaw.PowerLaw && !(ReferenceSiemens > 0)) return $"power law needs a reference conductance > 0 (got {ReferenceSiemens})";
        if (NuMin > NuMax || NuSigmaMin > NuSigmaMax) return "clamp bounds of nu are reversed";
        if (ActivationEnergyEv is { } ea && !(ea >= 0)) return $"activation energy must be >= 0 eV (got {ea})";
        return null;
    }
}

/// <summary>
/// Programming noise and accumulated 1/f read noise of a cell (the PCM statistical model of Nandakumar et al., ICECS
/// 2019, and Joshi et al., Nat. Commun. 11, 2473 (2020), with the coefficients aihwkit's PCMLikeNoiseModel uses),
/// x = G/G_max:
/// <list type="bullet">
/// <item>programming: σ_prog(G_T) = max(c0 + c1·x + c2·x², 0) µS·(G_max/25 µS), additive Gaussian at programming;</item>
/// <item>read (1/f noise accumulated from programming to time t): σ_read/G = min(Q/max(x, 10⁻³)^e, Q_max)·
/// √ln((t + t_r)/(2·t_r)), relative to the drifted conductance; 0 for t ≤ t_r.</item>
/// </list>
/// </summary>
/// <param name="MaxSiemens">G_max the fit normalises conductances by, Siemens (25 µS for the IBM array).</param>
/// <param name="ProgramC0">c0, µS at the 25 µS reference scale.</param>
/// <param name="ProgramC1">c1, µS.</param>
/// <param name="ProgramC2">c2, µS.</param>
/// <param name="ReadQ">Q: relative 1/f noise coefficient.</param>
/// <param name="ReadExponent">e: exponent of x in the 1/f coefficient.</param>
/// <param name="ReadQMax">Q_max: largest relative 1/f coefficient.</param>
/// <param name="ReadSeconds">t_r: the 1/f fit's read time, seconds.</param>
public sealed record CellNoise(double MaxSiemens, double ProgramC0, double ProgramC1, double ProgramC2, double ReadQ, double ReadExponent,
    double ReadQMax, double ReadSeconds)
{
    /// <summary>Standard deviation of the programmed conductance around the target G_T, Siemens.</summary>
    public double ProgrammingSigmaSiemens(double targetSiemens)
    {
        double x = targetSiemens / MaxSiemens;
        return Math.Max(ProgramC0 + ProgramC1 * x + ProgramC2 * x * x, 0) * 1e-6 * (MaxSiemens / 25e-6);
    }

    /// <summary>Relative standard deviation of the accumulated 1/f read noise at <paramref name="seconds"/> after programming.</summary>
    public double ReadSigmaRelative(double programmedSiemens, double seconds)
    {
        if (!(seconds > ReadSeconds)) return 0;
        double q = Math.Min(ReadQ / Math.Pow(Math.Max(Math.Abs(programmedSiemens) / MaxSiemens, 1e-3), ReadExponent), ReadQMax);
        return q * Math.Sqrt(Math.Log((seconds + ReadSeconds) / (2 * ReadSeconds)));
    }
}
