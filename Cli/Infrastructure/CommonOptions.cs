using System.CommandLine;

namespace PiToolkit.Cli.Infrastructure;

/// <summary>Option builders shared by several subcommands, so names, defaults and checks agree.</summary>
public static class CommonOptions
{
    /// <summary>An option whose value must be positive.</summary>
    public static Option<int> PositiveInt(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() <= 0) r.AddError($"{name} must be a positive whole number");
        });
        return option;
    }

    /// <summary>An option whose value must be one of <paramref name="allowed"/>.</summary>
    public static Option<string> OneOf(string name, string description, string defaultValue, IReadOnlyList<string> allowed)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.AcceptOnlyFromAmong([.. allowed]);
        return option;
    }

    /// <summary>--threads: libtorch intra-op threads.</summary>
    public static Option<int> Threads() => new("--threads")
    {
        Description = "CPU threads for libtorch (0 = all cores)",
        DefaultValueFactory = _ => 0,
    };

    /// <summary>--seed.</summary>
    public static Option<int> Seed() => new("--seed") { Description = "Seed for weight initialisation, shuffling and the validation split", DefaultValueFactory = _ => 1 };
}
