using System.Runtime.InteropServices;

namespace PiToolkit.SecureInference.Circuits;

/// <summary>
/// One gate: its kind, input wires <see cref="A"/> and <see cref="B"/> (unused inputs are 0) and its
/// output wire. Sixteen bytes so that a circuit's gate list is one compact array.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct Gate(GateKind Kind, int A, int B, int Output);
