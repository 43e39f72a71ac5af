using System.CommandLine;

namespace PiToolkit.Cli.Infrastructure;

/// <summary>
/// Wraps subcommand actions so that user mistakes (bad files, bad options) end as one clear line on
/// stderr and exit code 1, Ctrl-C ends with 130, and only genuine bugs show a stack trace.
/// </summary>
public static class CommandRunner
{
    /// <summary>Exit code for a user error.</summary>
    public const int UserErrorExitCode = 1;
    /// <summary>Exit code after Ctrl-C (128 + SIGINT, the shell convention).</summary>
    public const int CancelledExitCode = 130;

    /// <summary>Sets <paramref name="action"/> as the command's action with the error handling above.</summary>
    public static void SetGuardedAction(this Command command, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parse, token) =>
        {
            try
            {
                return await action(parse, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                Console.Error.WriteLine("pitk: cancelled");
                return CancelledExitCode;
            }
            catch (ArgumentException e) when (e.ParamName is not null)
            {
                // ArgumentException appends "(Parameter 'x')", which means nothing to a CLI user.
                Console.Error.WriteLine($"pitk: error: {e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)}");
                return UserErrorExitCode;
            }
            catch (Exception e) when (IsUserFacing(e))
            {
                Console.Error.WriteLine($"pitk: error: {e.Message}");
                return UserErrorExitCode;
            }
        });
    }

    /// <summary>Sets a synchronous action with the same handling.</summary>
    public static void SetGuardedAction(this Command command, Func<ParseResult, int> action) =>
        command.SetGuardedAction((parse, _) => Task.FromResult(action(parse)));

    /// <summary>
    /// Exceptions that describe bad input rather than a bug in the toolkit. The toolkit's typed
    /// errors for untrusted bytes derive from <see cref="FormatException"/> (files) or
    /// <see cref="IOException"/> (network peers), so they land here too.
    /// </summary>
    private static bool IsUserFacing(Exception e) =>
        e is UserError or IOException or UnauthorizedAccessException or InvalidDataException
            or ArgumentException or FormatException or Models.Training.TrainingDivergedException;
}
