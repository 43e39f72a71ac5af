using Microsoft.Extensions.Logging;

namespace PiToolkit.SecureInference.Tests.Hosting;

/// <summary>Collects formatted log lines (with exceptions) so tests can read what an operator would see.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly List<(LogLevel Level, string Text)> _lines = [];

    public IReadOnlyList<(LogLevel Level, string Text)> Lines
    {
        get
        {
            lock (_lines) return _lines.ToArray();
        }
    }

    public string Text => string.Join('\n', Lines.Select(l => $"{l.Level}: {l.Text}"));

    public bool Contains(string fragment) => Lines.Any(l => l.Text.Contains(fragment, StringComparison.Ordinal));

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        string text = formatter(state, exception) + (exception is null ? "" : "\n" + exception);
        lock (_lines) _lines.Add((logLevel, text));
    }
}
