namespace PiToolkit.Cli.Infrastructure;

/// <summary>A mistake by the person at the keyboard: printed as one line on stderr, no stack trace.</summary>
public sealed class UserError : Exception
{
    /// <summary>Creates the error with the line to show.</summary>
    public UserError(string message) : base(message) { }
}
