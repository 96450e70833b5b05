using System.Globalization;
using System.Text.RegularExpressions;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Ngspice;

/// <summary>
/// One command of the control script we write for ngspice (<see cref="NgspiceRunner.RunScriptAsync"/>): a closed set
/// of typed commands, rendered by us from names our reader accepted and numbers, so that no text of an input file
/// reaches ngspice's command interpreter. Every name is checked against <see cref="SafeName"/> when rendered.
/// </summary>
public abstract record NgspiceCommand
{
    /// <summary>Names that may stand in a command: letters, digits and <c>_ . # - +</c> (no quote, $, `, ;, space or bracket).</summary>
    private static readonly Regex SafeName = new(@"^[A-Za-z0-9_.#+\-]+$", RegexOptions.CultureInvariant);

    /// <summary>The command line ngspice is given.</summary>
    public abstract string Render();

    /// <summary>Checks a name before it is written into a command.</summary>
    protected static string Name(string name) =>
        SafeName.IsMatch(name) ? name : throw new NotSupportedException($"'{name}' cannot be written into an ngspice command (only letters, digits and _ . # - +)");

    /// <summary>A number as ngspice reads it back exactly.</summary>
    protected static string Number(double value) =>
        double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : throw new NotSupportedException($"{value} cannot be given to ngspice");
}

/// <summary>Runs one analysis (op, dc, tran, ac, tf) and writes its plot to the raw file.</summary>
/// <param name="Analysis">The analysis, as our reader or control interpreter understood it.</param>
public sealed record NgspiceAnalysisCommand(Analysis Analysis) : NgspiceCommand
{
    /// <inheritdoc/>
    public override string Render()
    {
        // The dot line we write for the analysis, without its dot; every name in it is checked.
        var line = Writing.NetlistWriter.AnalysisLine(Analysis)[1..];
        foreach (var word in line.Split([' ', '(', ')', ','], StringSplitOptions.RemoveEmptyEntries)) Name(word);
        return line;
    }
}

/// <summary><c>alter @device[parameter] = value</c>, or <c>= [ v1 v2 ... ]</c> for a waveform.</summary>
/// <param name="Device">Flattened element name (r1, r.x1.r5).</param>
/// <param name="Parameter">ngspice's parameter name (resistance, capacitance, inductance, dc, acmag, acphase, pulse, sin, pwl ...).</param>
/// <param name="Values">One value, or the arguments of a waveform.</param>
public sealed record NgspiceAlterCommand(string Device, string Parameter, IReadOnlyList<double> Values) : NgspiceCommand
{
    /// <inheritdoc/>
    public override string Render() =>
        $"alter @{Name(Device)}[{Name(Parameter)}] = " + (Values.Count == 1 && !IsVector ? Number(Values[0]) : "[ " + string.Join(' ', Values.Select(Number)) + " ]");

    private bool IsVector => Parameter is "pulse" or "sin" or "exp" or "pwl" or "sffm";
}

/// <summary><c>altermod model parameter = value</c>.</summary>
/// <param name="Model">Model name as flattened (dmod, x1.dmod).</param>
/// <param name="Parameter">Model parameter, lower-case.</param>
/// <param name="Value">New value.</param>
public sealed record NgspiceAlterModelCommand(string Model, string Parameter, double Value) : NgspiceCommand
{
    /// <inheritdoc/>
    public override string Render() => $"altermod {Name(Model)} {Name(Parameter)} = {Number(Value)}";
}

/// <summary><c>reset</c>: ngspice reloads the circuit, undoing every alter and option.</summary>
public sealed record NgspiceResetCommand : NgspiceCommand
{
    /// <inheritdoc/>
    public override string Render() => "reset";
}

/// <summary><c>option name=value</c> (a numeric simulator option such as reltol).</summary>
/// <param name="Option">Option name, lower-case.</param>
/// <param name="Value">Its value.</param>
public sealed record NgspiceOptionCommand(string Option, double Value) : NgspiceCommand
{
    /// <inheritdoc/>
    public override string Render() => $"option {Name(Option)}={Number(Value)}";
}
