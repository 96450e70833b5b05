// Maps a small weight matrix onto a memristor crossbar (differential pairs, transimpedance amplifiers), solves the
// circuit's operating point with the engine and compares the output voltages with the ideal product W·x + b.
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Engine;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;

const int inputs = 6, outputs = 3;
var rng = new Random(1);   // fixed seed: the same matrix and inputs on every run
// Crossbar form: row r holds the weights of input r to every output; the last row is the bias (driven by 1).
var weights = new float[(inputs + 1) * outputs];
for (int i = 0; i < weights.Length; i++) weights[i] = (float)(2 * rng.NextDouble() - 1);
var x = new float[inputs + 1];
for (int r = 0; r < inputs; r++) x[r] = (float)rng.NextDouble();
x[inputs] = 1f;
var matrix = new CrossbarMatrix(inputs + 1, outputs, weights, channel: null);

// Default options: the shipped VTEAM device, 0.2 V read voltage, ideal op-amps, ideal wires.
var crossbar = new CrossbarGenerator(new CrossbarOptions()).Generate(matrix, CrossbarContext.ForMatrix("sample"), x);
var tile = crossbar.Tiles.Single();
var op = new OperatingPoint(CrossbarCircuitBuilder.Build(tile)).Run();
Console.WriteLine($"crossbar: {crossbar.Counts.Memristors} memristors, {crossbar.Counts.OpAmps} op-amps, " +
                  $"{crossbar.OutputVoltsPerUnit:G4} V per unit of output");

double maxError = 0, scale = 0;
for (int j = 0; j < outputs; j++)
{
    double ideal = 0;
    for (int r = 0; r <= inputs; r++) ideal += (double)matrix[r, j] * x[r];
    double circuit = op[tile.OutputSignals[j]] / crossbar.OutputVoltsPerUnit;
    Console.WriteLine($"output {j}: circuit {circuit,10:F6}   W·x + b {ideal,10:F6}");
    maxError = Math.Max(maxError, Math.Abs(circuit - ideal));
    scale = Math.Max(scale, Math.Abs(ideal));
}
Console.WriteLine($"max error: {maxError:E2} ({maxError / scale:E2} of the largest output)");
