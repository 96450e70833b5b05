using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Models;
using MemristorSpice.Network.Training;

namespace MemristorSpice.Crossbar.Tests;

/// <summary>
/// The weight noise injected in hardware-aware training (<see cref="HardwareNoise.PairWeight"/>) is the weight the
/// co-simulation's cells represent: the same (z+, z−, fault) per pair through the circuit's own mapping
/// (<see cref="ConductanceMapping"/>, <see cref="CellProgrammer"/>: target → G·exp(σz) clamped to the device window,
/// or stuck at Gmin/Gmax) gives the same weight wmax·(G+ − G−)/(Gmax − Gmin).
/// </summary>
public class HardwareNoiseMappingTests
{
    [Theory]
    [InlineData(0.3, 0.05, 0.05)]
    [InlineData(0.8, 0.0, 0.0)]
    [InlineData(0.0, 0.1, 0.2)]
    public void PairWeightEqualsTheProgrammedCells(double sigma, double pmin, double pmax)
    {
        const int rows = 12, outputs = 4;
        const double amax = 2.5;
        var rng = new Random(3);
        var values = Enumerable.Range(0, rows * outputs).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var matrix = new CrossbarMatrix(rows, outputs, values, null);
        var device = CrossbarDevice.FromPreset(CrossbarDevice.DefaultPreset);
        var range = ConductanceRange.Of(device);
        double wmax = CellProgrammer.FullScaleOf(matrix, amax);
        var mapping = new ConductanceMapping(range, wmax);
        var ni = new CrossbarNonIdealities { VariationSigma = sigma, StuckAtMinRate = pmin, StuckAtMaxRate = pmax, VariationSeed = 7, FaultSeed = 9 };
        const ulong salt = 12345;
        // Faults belong to the physical devices (drawn by the generator); here one seeded draw per cell, passed in.
        var faults = new Random(SeedMixer.Mix(ni.FaultSeed, salt));
        var u = new double[rows, 2 * outputs];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < 2 * outputs; c++) u[r, c] = faults.NextDouble();
        CellFault FaultOf(int r, int c) => u[r, c] < pmin ? CellFault.StuckAtMin : u[r, c] < pmin + pmax ? CellFault.StuckAtMax : CellFault.None;
        var cells = new CellProgrammer(mapping, device, ni).Program(matrix, amax, salt, FaultOf);

        // The programmer's variation draws, replayed in its order (row, output, G+ then G−).
        var variation = new Random(SeedMixer.Mix(ni.VariationSeed, salt));
        double ratio = range.MinSiemens / range.MaxSiemens;
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < outputs; o++)
            {
                double zp = Initializer.Gaussian(variation), up = u[r, 2 * o];
                double zm = Initializer.Gaussian(variation), um = u[r, 2 * o + 1];
                int Fault(double u) => u < pmin ? -1 : u < pmin + pmax ? 1 : 0;
                double w = CellProgrammer.StoredWeight(matrix, r, o, amax);
                double circuit = mapping.WeightOf(cells[r, 2 * o].ProgrammedSiemens, cells[r, 2 * o + 1].ProgrammedSiemens);
                double injected = HardwareNoise.PairWeight(w, wmax, ratio, sigma, zp, zm, Fault(up), Fault(um));
                // Tolerance 1e-12·wmax: the two compute the same expression in Siemens and in units of Gmax − Gmin (round-off only).
                Assert.True(Math.Abs(circuit - injected) <= 1e-12 * wmax, $"({r},{o}): circuit {circuit:R} vs injected {injected:R}");
            }
    }
}
