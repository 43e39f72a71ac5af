using System.Security.Cryptography;
using System.Text;
using PiToolkit.ModelFormat.IO;

namespace PiToolkit.ModelFormat;

/// <summary>
/// The toolkit's own model file (.pim): a <see cref="ModelGraph"/> with float weights. Layout: the
/// 8-byte magic "PITKMODL", a little-endian u16 format version and u16 reserved zero, a u64 payload
/// length, the payload, then SHA-256 of everything before it. The payload is written with
/// <see cref="BinaryWriter"/> (little-endian). Reading checks magic, version, length, checksum and
/// then every structural rule (value references, shapes against weights, limits) before returning,
/// so a server never evaluates a graph it has not fully validated.
/// </summary>
public static class PimFile
{
    /// <summary>The format version this code writes and reads.</summary>
    public const ushort FormatVersion = 1;

    private static readonly byte[] Magic = "PITKMODL"u8.ToArray();
    private const int HeaderSize = 20;
    private const int ChecksumSize = 32;
    private const int MaxNodes = 100_000;
    private const long MaxElements = 1L << 28;

    /// <summary>Writes <paramref name="graph"/> to <paramref name="path"/> through a temporary file and a rename, so an existing file is never left half-written.</summary>
    public static void Write(ModelGraph graph, string path)
    {
        ArgumentNullException.ThrowIfNull(graph);
        AtomicFile.WriteAllBytes(path, Serialize(graph));
    }

    /// <summary>The file's bytes for <paramref name="graph"/>.</summary>
    public static byte[] Serialize(ModelGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(graph.Architecture);
            w.Write(graph.Classes);
            WriteLongs(w, graph.InputShape);
            WriteDoubles(w, graph.Mean);
            WriteDoubles(w, graph.Std);
            w.Write(graph.Nodes.Count);
            foreach (var n in graph.Nodes)
            {
                w.Write((byte)n.Op);
                w.Write(n.Inputs.Length);
                foreach (int i in n.Inputs) w.Write(i);
                WriteLongs(w, n.OutputShape);
                w.Write(n.Kernel);
                w.Write(n.Stride);
                w.Write(n.Padding);
                w.Write((byte)((n.Weight is null ? 0 : 1) | (n.Bias is null ? 0 : 2) | (n.Mask is null ? 0 : 4)));
                if (n.Weight is not null)
                {
                    WriteLongs(w, n.WeightShape!);
                    WriteFloats(w, n.Weight);
                }
                if (n.Bias is not null) WriteFloats(w, n.Bias);
                if (n.Mask is not null)
                {
                    w.Write(n.Mask.Length);
                    var bits = new byte[(n.Mask.Length + 7) / 8];
                    for (int i = 0; i < n.Mask.Length; i++) if (n.Mask[i]) bits[i / 8] |= (byte)(1 << (i % 8));
                    w.Write(bits);
                }
            }
        }
        using var file = new MemoryStream();
        file.Write(Magic);
        using (var w = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(FormatVersion);
            w.Write((ushort)0);
            w.Write((ulong)payload.Length);
        }
        payload.Position = 0;
        payload.CopyTo(file);
        file.Write(SHA256.HashData(file.GetBuffer().AsSpan(0, (int)file.Length)));
        return file.ToArray();
    }

    /// <summary>Reads and validates a .pim file.</summary>
    /// <exception cref="ModelFormatException">Missing, not a .pim file, another version, truncated, checksum mismatch, or structurally invalid.</exception>
    public static ModelGraph Read(string path)
    {
        if (!File.Exists(path)) throw new ModelFormatException($"{path}: file not found");
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Validates and decodes the bytes of a .pim file; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="ModelFormatException">The bytes are not a valid .pim model.</exception>
    public static ModelGraph Parse(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < HeaderSize + ChecksumSize || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new ModelFormatException($"{source}: not a PiToolkit model file (no PITKMODL header)");
        ushort version = BitConverter.ToUInt16(bytes, 8);
        if (version != FormatVersion)
            throw new ModelFormatException($"{source}: model format version {version}, this toolkit reads version {FormatVersion}");
        ulong length = BitConverter.ToUInt64(bytes, 12);
        if (length != (ulong)(bytes.Length - HeaderSize - ChecksumSize))
            throw new ModelFormatException($"{source}: truncated or padded: header promises {length} payload bytes, file holds {bytes.Length - HeaderSize - ChecksumSize}");
        var expected = SHA256.HashData(bytes.AsSpan(0, bytes.Length - ChecksumSize));
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(bytes.Length - ChecksumSize)))
            throw new ModelFormatException($"{source}: checksum mismatch (the file is corrupt)");
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, HeaderSize, (int)length, writable: false), Encoding.UTF8);
            var graph = ReadPayload(r);
            if (r.BaseStream.Position != r.BaseStream.Length)
                throw new ModelFormatException($"{source}: {r.BaseStream.Length - r.BaseStream.Position} unread bytes after the graph");
            PimValidator.Validate(graph);
            return graph;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or InvalidDataException or OverflowException)
        {
            throw new ModelFormatException($"{source}: malformed graph ({e.Message})", e);
        }
        catch (ModelFormatException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new ModelFormatException($"{source}: {e.Message}", e);
        }
    }

    private static ModelGraph ReadPayload(BinaryReader r)
    {
        string architecture = r.ReadString();
        int classes = r.ReadInt32();
        long[] input = ReadLongs(r);
        double[] mean = ReadDoubles(r), std = ReadDoubles(r);
        int count = r.ReadInt32();
        if (count < 1 || count > MaxNodes) throw new ModelFormatException($"node count {count} outside 1..{MaxNodes}");
        var nodes = new List<GraphNode>(count);
        for (int k = 0; k < count; k++)
        {
            byte op = r.ReadByte();
            if (!Enum.IsDefined(typeof(GraphOp), op)) throw new ModelFormatException($"node {k}: unknown operation code {op}");
            int inputCount = r.ReadInt32();
            if (inputCount is < 1 or > 2) throw new ModelFormatException($"node {k}: {inputCount} inputs");
            var inputs = new int[inputCount];
            for (int i = 0; i < inputCount; i++) inputs[i] = r.ReadInt32();
            long[] shape = ReadLongs(r);
            int kernel = r.ReadInt32(), stride = r.ReadInt32(), padding = r.ReadInt32();
            byte flags = r.ReadByte();
            if (flags > 7) throw new ModelFormatException($"node {k}: unknown flags 0x{flags:x2}");
            long[]? weightShape = null;
            float[]? weight = null, bias = null;
            bool[]? mask = null;
            if ((flags & 1) != 0)
            {
                weightShape = ReadLongs(r);
                weight = ReadFloats(r);
            }
            if ((flags & 2) != 0) bias = ReadFloats(r);
            if ((flags & 4) != 0)
            {
                int bitsCount = r.ReadInt32();
                if (bitsCount < 1 || bitsCount > MaxElements) throw new ModelFormatException($"node {k}: mask of {bitsCount} flags");
                byte[] bits = r.ReadBytes((bitsCount + 7) / 8);
                if (bits.Length != (bitsCount + 7) / 8) throw new EndOfStreamException("mask cut short");
                mask = new bool[bitsCount];
                for (int i = 0; i < bitsCount; i++) mask[i] = (bits[i / 8] & (1 << (i % 8))) != 0;
            }
            nodes.Add(new GraphNode((GraphOp)op, inputs, shape, weight, weightShape, bias, kernel, stride, padding, mask));
        }
        return new ModelGraph(architecture, input, classes, mean, std, nodes);
    }

    private static void WriteLongs(BinaryWriter w, long[] values)
    {
        w.Write(values.Length);
        foreach (long v in values) w.Write(v);
    }

    private static void WriteDoubles(BinaryWriter w, double[] values)
    {
        w.Write(values.Length);
        foreach (double v in values) w.Write(v);
    }

    private static void WriteFloats(BinaryWriter w, float[] values)
    {
        w.Write(values.Length);
        foreach (float v in values) w.Write(v);
    }

    private static long[] ReadLongs(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n is < 1 or > 4) throw new ModelFormatException($"shape of rank {n}");
        var values = new long[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = r.ReadInt64();
            if (values[i] < 1 || values[i] > MaxElements) throw new ModelFormatException($"dimension {values[i]} out of range");
        }
        return values;
    }

    private static double[] ReadDoubles(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n is < 1 or > 4096) throw new ModelFormatException($"{n} normalisation channels");
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = r.ReadDouble();
        return values;
    }

    private static float[] ReadFloats(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 1 || n > MaxElements || n > (r.BaseStream.Length - r.BaseStream.Position) / 4)
            throw new ModelFormatException($"tensor of {n} floats does not fit in the file");
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = r.ReadSingle();
        return values;
    }
}
