using System.CommandLine;
using System.Globalization;
using MemristorSpice.Cosim.Configuration;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>
/// <c>--read-time</c> of cosim, sweep and generate: a read slot per patch in seconds (one for every layer) or
/// <c>settling</c> (each layer at its measured settling time, the design point's default). A value that is neither is a
/// usage error naming the option and its range (exit 2).
/// </summary>
internal static class ReadTimeOption
{
    /// <summary>The option with its validator; <paramref name="description"/> says what the read time is used for.</summary>
    public static Option<string?> Create(string description)
    {
        var option = new Option<string?>("--read-time")
        {
            Description = description + $" A number of seconds, or '{DesignPoint.SettlingReadTime}': each layer at its measured settling time to 0.5 LSB, " +
                          "rounded up to 10 ns (the design point's default).",
        };
        OptionChecks.RangeOf(option.Name);
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && Problem(text) is { } problem) r.AddError(problem);
        });
        return option;
    }

    /// <summary>The option's value if given: (true, seconds) or (true, null) for settling; (false, null) when not given.</summary>
    public static (bool Given, double? Seconds) Get(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { } text ? (true, Seconds(text)) : (false, null);

    /// <summary>Seconds of a valid value, null for <c>settling</c>.</summary>
    private static double? Seconds(string text) =>
        text.Trim().Equals(DesignPoint.SettlingReadTime, StringComparison.OrdinalIgnoreCase) ? null
            : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string? Problem(string text)
    {
        if (text.Trim().Equals(DesignPoint.SettlingReadTime, StringComparison.OrdinalIgnoreCase)) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            return $"--read-time must be a number of seconds or '{DesignPoint.SettlingReadTime}' (got '{text}').";
        return OptionChecks.Problem("--read-time", v);
    }
}
