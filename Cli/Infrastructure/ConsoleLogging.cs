using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace PiToolkit.Cli.Infrastructure;

/// <summary>
/// The console logger <c>pitk serve</c> (and a verbose <c>pitk infer</c>) log through: one line per
/// event with a UTC timestamp, no scopes, so a terminal or a log file reads the same.
/// </summary>
public static class ConsoleLogging
{
    /// <summary>A factory writing Information and above (Debug and above when <paramref name="verbose"/>) to standard output.</summary>
    public static ILoggerFactory Create(bool verbose = false) =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information)
            .AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff 'UTC' ";
                options.IncludeScopes = false;
                options.ColorBehavior = LoggerColorBehavior.Disabled;
            }));
}
