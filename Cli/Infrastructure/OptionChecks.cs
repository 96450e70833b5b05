using System.CommandLine;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>Range checks for options: a bad value is a usage error that names the option (exit 2).</summary>
internal static class OptionChecks
{
    public static Option<int> AtLeast(this Option<int> option, int min)
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < min) r.AddError($"{option.Name} must be at least {min} (got {r.GetValueOrDefault<int>()}).");
        });
        return option;
    }

    public static Option<int?> AtLeast(this Option<int?> option, int min)
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } v && v < min) r.AddError($"{option.Name} must be at least {min} (got {v}).");
        });
        return option;
    }

    public static Option<double> Between(this Option<double> option, double min, double max, bool maxInclusive = true)
    {
        option.Validators.Add(r =>
        {
            double v = r.GetValueOrDefault<double>();
            bool ok = v >= min && (maxInclusive ? v <= max : v < max) && double.IsFinite(v);
            if (!ok) r.AddError($"{option.Name} must be in [{min}, {max}{(maxInclusive ? "]" : ")")} (got {v}).");
        });
        return option;
    }

    public static Option<double?> Between(this Option<double?> option, double min, double max)
    {
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } v && !(v >= min && v <= max))
                r.AddError($"{option.Name} must be in [{min}, {max}] (got {v}).");
        });
        return option;
    }

    public static Option<string> ExistingFile(this Option<string> option)
    {
        option.Validators.Add(r =>
        {
            var path = r.GetValueOrDefault<string>();
            if (!string.IsNullOrEmpty(path) && !File.Exists(path)) r.AddError($"{option.Name}: file not found: {path}");
        });
        return option;
    }

    /// <summary>Accepts only the listed values (case-insensitive); the error names the option and the choices.</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] values)
    {
        option.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<string>();
            if (v is not null && !values.Contains(v, StringComparer.OrdinalIgnoreCase))
                r.AddError($"{option.Name} must be one of {string.Join(", ", values)} (got '{v}').");
        });
        return option;
    }
}
