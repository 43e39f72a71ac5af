namespace PiToolkit.Assets;

/// <summary>
/// Locates the files that the build copies from npm packages into every output folder's
/// <c>assets/</c> directory (MNIST, node-seal). <c>PITK_ASSETS</c> overrides the folder, for
/// installations that keep the assets elsewhere.
/// </summary>
public static class AssetPaths
{
    /// <summary>Environment variable that overrides <see cref="Root"/>.</summary>
    public const string OverrideVariable = "PITK_ASSETS";

    /// <summary>The assets folder: <c>$PITK_ASSETS</c> if set, else <c>assets/</c> next to the running assemblies.</summary>
    public static string Root =>
        Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } custom
            ? custom
            : Path.Combine(AppContext.BaseDirectory, "assets");

    /// <summary>The full path of <paramref name="relativePath"/> under <see cref="Root"/>, checked to exist.</summary>
    /// <exception cref="FileNotFoundException">The file is not there: the build did not run npm, or the override points elsewhere.</exception>
    public static string Require(string relativePath)
    {
        string path = Path.Combine(Root, relativePath);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"Asset '{relativePath}' not found at {path}. It is installed by the build from npm (package.json at the repository root); "
                + $"rebuild, or set {OverrideVariable} to a folder that holds it.", path);
        return path;
    }
}
