using PiToolkit.ModelFormat;

namespace PiToolkit.Models.Export;

/// <summary>
/// A module that emits its own nodes into a <see cref="GraphBuilder"/>. Zoo models and composite
/// blocks implement it so that export follows what the module says it computes, not the names of
/// its private fields: renaming a field cannot break export at run time.
/// </summary>
public interface IGraphExportable
{
    /// <summary>Emits the module's nodes reading value <paramref name="input"/>; returns the value it produces.</summary>
    /// <exception cref="NotSupportedException">The module holds a layer the graph format cannot express.</exception>
    int DescribeGraph(GraphBuilder graph, int input);
}
