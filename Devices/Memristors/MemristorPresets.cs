namespace MemristorSpice.Devices.Memristors;

/// <summary>Named parameter sets, each with its source.</summary>
public static class MemristorPresets
{
    /// <summary>Source of the HP/Biolek numbers.</summary>
    public const string HpSource =
        "HP TiO2 device as modelled by Biolek, Biolek and Biolkova, 'SPICE model of memristor with nonlinear dopant drift', Radioengineering 18(2), 2009 (Ron 100, Roff 16k, D 10 nm, uv 1e-14, Rinit 11k)";

    /// <summary>HP/Biolek 2009 linear-drift set with the given window (p = 1, j = 1 unless given).</summary>
    public static LinearDriftParameters Hp(WindowKind window = WindowKind.Biolek, double p = 1.0, double j = 1.0) =>
        new LinearDriftParameters(
            Name: "HP_" + window.ToString().ToUpperInvariant(),
            Source: HpSource,
            RonOhms: 100.0,
            RoffOhms: 16e3,
            ThicknessMeters: 10e-9,
            MobilityM2PerVoltSecond: 1e-14,
            Window: new Window(window, p, j),
            InitialOhms: 11e3).Validate();

    /// <summary>MemTorch's VTEAM defaults (memtorch.bh.memristor.VTEAM: r_off 1000, r_on 50, d 3 nm, k_on −10,
    /// k_off 5e−4, alpha_on 3, alpha_off 1, v_on −0.2, v_off 0.02, x_on 0, x_off 3 nm; no window; linear R;
    /// the device starts at x_on, i.e. Ron).</summary>
    public static VteamParameters VteamMemTorch() =>
        new VteamParameters(
            Name: "VTEAM_MEMTORCH",
            Source: "MemTorch (Lammie et al., Neurocomputing 485, 2022) VTEAM class defaults, github.com/coreylammie/MemTorch memtorch/bh/memristor/VTEAM.py",
            RonOhms: 50.0,
            RoffOhms: 1000.0,
            KonMetersPerSecond: -10.0,
            KoffMetersPerSecond: 5e-4,
            AlphaOn: 3.0,
            AlphaOff: 1.0,
            VonVolts: -0.2,
            VoffVolts: 0.02,
            WonMeters: 0.0,
            WoffMeters: 3e-9,
            InitialOhms: 50.0).Validate();

    /// <summary>Read voltage the read-safe and crossbar presets are designed for, Volts.</summary>
    public const double DesignReadVolts = 0.2;

    /// <summary>MemTorch's VTEAM set with thresholds moved above any read (v_on −1.5 V, v_off 1.0 V), so reads at
    /// |v| ≤ 0.2 V leave the state unchanged; starts mid-range.</summary>
    public static VteamParameters VteamReadSafe() =>
        VteamMemTorch() with
        {
            Name = "VTEAM_READSAFE",
            Source = "MemTorch VTEAM defaults with thresholds v_on -1.5 V, v_off 1.0 V chosen by MemristorSpice (read at 0.2 V is 5x below v_off)",
            VonVolts = -1.5,
            VoffVolts = 1.0,
            InitialOhms = 525.0,
        };

    /// <summary>Crossbar device: Ron 10 kΩ, Roff 1 MΩ (read currents of µA at 0.2 V, 100:1 ratio),
    /// symmetric linear kinetics (k = ±5e−4 m/s, α = 1), thresholds −1.0 V / +0.8 V, Kvatinsky window with
    /// a_on = w_on, a_off = w_off, w_c = 0.3 nm.</summary>
    public static VteamParameters VteamCrossbar() =>
        new VteamParameters(
            Name: "VTEAM_XBAR",
            Source: "MemristorSpice choice for crossbars: VTEAM form of Kvatinsky et al. TCAS-II 2015, RRAM-like Ron/Roff, thresholds well above the 0.2 V read",
            RonOhms: 10e3,
            RoffOhms: 1e6,
            KonMetersPerSecond: -5e-4,
            KoffMetersPerSecond: 5e-4,
            AlphaOn: 1.0,
            AlphaOff: 1.0,
            VonVolts: -1.0,
            VoffVolts: 0.8,
            WonMeters: 0.0,
            WoffMeters: 3e-9,
            InitialOhms: 1e6,
            Kvatinsky: new KvatinskyWindow(0.0, 3e-9, 0.3e-9)).Validate();

    /// <summary>TEAM demonstration set: the HP resistance range (Ron 100 Ohms, Roff 16 kOhm), D = 3 nm, current
    /// thresholds ±50 µA, k = ±1e−4 m/s, α = 3, Kvatinsky window (w_c = 0.3 nm). Not a fit to a device.</summary>
    public static TeamParameters TeamDemo() =>
        new TeamParameters(
            Name: "TEAM_DEMO",
            Source: "MemristorSpice choice: TEAM form of Kvatinsky et al., IEEE TCAS-I 60(1), 2013, on the HP resistance range; thresholds and rates are ours, not a device fit",
            RonOhms: 100.0,
            RoffOhms: 16e3,
            KonMetersPerSecond: -1e-4,
            KoffMetersPerSecond: 1e-4,
            AlphaOn: 3.0,
            AlphaOff: 3.0,
            IonAmperes: -50e-6,
            IoffAmperes: 50e-6,
            WonMeters: 0.0,
            WoffMeters: 3e-9,
            InitialOhms: 8e3,
            Kvatinsky: new KvatinskyWindow(0.0, 3e-9, 0.3e-9)).Validate();

    /// <summary>Source of the PCM power-law drift numbers.</summary>
    public const string PcmDriftSource =
        "PCM drift exponent nu vs programmed conductance (mean and spread, t0 = 20 s, g_max 25 uS) measured on IBM's 1M-device PCM array: " +
        "Nandakumar et al., J. Appl. Phys. 124, 152135 (2018); Joshi et al., Nat. Commun. 11, 2473 (2020); as used by aihwkit's PCMLikeNoiseModel; " +
        "power-law form: Ielmini, Lacaita, Mantegazza, IEEE TED 54(2), 308 (2007)";

    /// <summary>Source of the filamentary ReRAM log-time relaxation numbers.</summary>
    public const string ReramDriftSource =
        "conductance decay of analog filamentary CMO/HfOx ReRAM (IBM Research Zurich, Falcone et al.): mean -0.0890 uS and spread 0.0420 uS per ln(t/1 s), " +
        "independent of the programmed level; as used by aihwkit's ReRamCMONoiseModel";

    /// <summary>
    /// PCM power-law drift: ν(G0) with mean clamp(−0.0155·ln(G0/25 µS) + 0.0244, 0.049, 0.1) and spread
    /// clamp(−0.0125·ln(G0/25 µS) − 0.0059, 0.008, 0.045), t0 = 20 s (<see cref="PcmDriftSource"/>). No activation
    /// energy: the source gives none, so a temperature other than 300 K needs one from the user.
    /// </summary>
    public static RetentionDrift PcmDrift() => new(
        Name: "pcm", Source: PcmDriftSource, Law: DriftLaw.PowerLaw, T0Seconds: 20,
        ReferenceSiemens: 25e-6, NuLogSlope: -0.0155, NuIntercept: 0.0244, NuMin: 0.049, NuMax: 0.1,
        NuSigmaLogSlope: -0.0125, NuSigmaIntercept: -0.0059, NuSigmaMin: 0.008, NuSigmaMax: 0.045);

    /// <summary>
    /// Filamentary ReRAM log-time relaxation: G(t) = G0 + (−0.0890 µS + 0.0420 µS·z)·ln(t/1 s) (<see cref="ReramDriftSource"/>);
    /// the spread counts only the relaxation (the source's 0.41 µS at t = 1 s is programming spread, modelled by the
    /// design's variation). No activation energy in the source.
    /// </summary>
    public static RetentionDrift ReramDrift() => new(
        Name: "reram-cmo", Source: ReramDriftSource, Law: DriftLaw.LogTime, T0Seconds: 1,
        LogShiftSiemens: -0.0890e-6, LogSpreadSiemens: 0.0420e-6);

    /// <summary>Source of the IBM PCM device preset (programming noise, 1/f read noise and drift).</summary>
    public const string PcmIbmSource =
        "IBM PCM statistical model fitted on a 1M-device doped-Ge2Sb2Te5 array: S. R. Nandakumar et al., 'Phase-change memory models for deep " +
        "learning training and inference', IEEE ICECS 2019 (doi 10.1109/ICECS46596.2019.8964852); V. Joshi et al., 'Accurate deep neural network " +
        "inference using computational phase-change memory', Nat. Commun. 11, 2473 (2020); coefficients as in aihwkit's PCMLikeNoiseModel " +
        "(github.com/IBM/aihwkit, src/aihwkit/inference/noise/pcm.py): g_max 25 uS, programming sigma 0.26348 + 1.9650 x - 1.1731 x^2 uS, " +
        "1/f Q = 0.0088/x^0.65 (at most 0.2), t_read 250 ns, drift as pcm";

    /// <summary>
    /// The IBM PCM device preset (<see cref="PcmIbmSource"/>): the power-law drift of <see cref="PcmDrift"/> (ν ≈ 0.05–0.1
    /// with a level-dependent spread, t0 = 20 s) plus each cell's programming noise σ_prog(G_T) = (0.26348 + 1.9650·x
    /// − 1.1731·x²) µS (x = G_T/25 µS; 0.26 µS at G_T = 0, 1.06 µS at 25 µS) and the 1/f read noise accumulated since
    /// programming, σ/G = min(0.0088/x^0.65, 0.2)·√ln((t + 250 ns)/(500 ns)). No activation energy (the sources give none).
    /// </summary>
    public static RetentionDrift PcmIbm() => PcmDrift() with
    {
        Name = "pcm-ibm", Source = PcmIbmSource,
        Cell = new CellNoise(25e-6, 0.26348, 1.9650, -1.1731, 0.0088, 0.65, 0.2, 250e-9),
    };

    /// <summary>Names accepted by <see cref="Retention(string, string)"/>: preset (the device's own), pcm, pcm-ibm, reram-cmo, none.</summary>
    public static IReadOnlyList<string> RetentionNames { get; } = ["preset", "pcm", "pcm-ibm", "reram-cmo", "none"];

    /// <summary>
    /// The retention model of a device preset: every shipped preset (HP TiO2, the VTEAM and TEAM oxide sets) is a
    /// filamentary/oxide memristor and relaxes in log time (<see cref="ReramDrift"/>); <paramref name="choice"/>
    /// "pcm", "pcm-ibm" (the IBM PCM device preset: drift with programming and 1/f read noise), "reram-cmo" or "none"
    /// overrides the device's own model.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown choice.</exception>
    public static RetentionDrift Retention(string devicePreset, string choice = "preset") => choice.ToLowerInvariant() switch
    {
        "preset" => ReramDrift(),
        "pcm" => PcmDrift(),
        "pcm-ibm" => PcmIbm(),
        "reram-cmo" => ReramDrift(),
        "none" => RetentionDrift.None,
        _ => throw new ArgumentException($"unknown retention model '{choice}' for {devicePreset} (known: {string.Join(", ", RetentionNames)})."),
    };

    /// <summary>
    /// Read noise (1/f and RTN) of a preset's cells; every preset is a filamentary or drift model of a ReRAM-like cell
    /// and gets <see cref="ReadNoiseParameters.FilamentaryReRam"/> with its sources.
    /// </summary>
    public static ReadNoiseParameters ReadNoise(string preset) => ReadNoiseParameters.FilamentaryReRam() with { Name = preset.ToUpperInvariant() + "_READ_NOISE" };
}
