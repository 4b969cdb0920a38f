using System.Buffers.Binary;
using System.Text;

namespace CarSearch.Core.Tests.Embeddings.Inference;

/// <summary>
/// Writes small ONNX models (protobuf by hand, opset 12) with chosen input/output names, types and shapes, so the
/// encoders' handling of export variants the kit does not ship (int32 ids, fixed batch, extra or ambiguous outputs,
/// wrong shapes) is tested against a real ONNX Runtime session rather than assumed.
/// </summary>
internal sealed class TinyOnnxModel
{
    public const int Float = 1;
    public const int Int32 = 6;
    public const int Int64 = 7;

    private readonly List<byte[]> _nodes = [];
    private readonly List<byte[]> _initializers = [];
    private readonly List<byte[]> _inputs = [];
    private readonly List<byte[]> _outputs = [];

    /// <summary>Declares an input; a dimension is an int (fixed) or a string (symbolic).</summary>
    public TinyOnnxModel Input(string name, int elementType, params object[] dims)
    {
        _inputs.Add(ValueInfo(name, elementType, dims));
        return this;
    }

    public TinyOnnxModel Output(string name, int elementType, params object[] dims)
    {
        _outputs.Add(ValueInfo(name, elementType, dims));
        return this;
    }

    /// <summary>Adds a node; attributes are int, int[] or float values.</summary>
    public TinyOnnxModel Node(string opType, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes)
    {
        var node = new Proto();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        foreach (var output in outputs)
        {
            node.String(2, output);
        }

        node.String(3, $"{opType}_{_nodes.Count}").String(4, opType);
        foreach (var (name, value) in attributes)
        {
            var attribute = new Proto().String(1, name);
            switch (value)
            {
                case int i:
                    attribute.Varint(3, i).Varint(20, 2);
                    break;
                case int[] ints:
                    foreach (var i in ints)
                    {
                        attribute.Varint(8, i);
                    }

                    attribute.Varint(20, 7);
                    break;
                case float f:
                    attribute.Fixed32(2, f).Varint(20, 1);
                    break;
                default:
                    throw new ArgumentException($"Unsupported attribute value {value}");
            }

            node.Message(5, attribute);
        }

        _nodes.Add(node.ToArray());
        return this;
    }

    /// <summary>Adds a float scalar constant.</summary>
    public TinyOnnxModel Scalar(string name, float value)
    {
        var raw = new byte[sizeof(float)];
        BinaryPrimitives.WriteSingleLittleEndian(raw, value);
        _initializers.Add(new Proto().Varint(2, Float).String(8, name).Bytes(9, raw).ToArray());
        return this;
    }

    public byte[] ToBytes()
    {
        var graph = new Proto();
        _nodes.ForEach(n => graph.Bytes(1, n));
        graph.String(2, "tiny");
        _initializers.ForEach(t => graph.Bytes(5, t));
        _inputs.ForEach(i => graph.Bytes(11, i));
        _outputs.ForEach(o => graph.Bytes(12, o));
        return new Proto()
            .Varint(1, 7) // IR version 7, as the kit's exports
            .String(2, "carsearch-tests")
            .Message(7, graph)
            .Message(8, new Proto().String(1, string.Empty).Varint(2, 12))
            .ToArray();
    }

    /// <summary>Writes the model to a new temporary file and returns its path.</summary>
    public string WriteTemp()
    {
        var path = Path.Combine(Path.GetTempPath(), $"carsearch-tiny-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, ToBytes());
        return path;
    }

    private static byte[] ValueInfo(string name, int elementType, object[] dims)
    {
        var shape = new Proto();
        foreach (var dim in dims)
        {
            var dimension = dim switch
            {
                int value => new Proto().Varint(1, value),
                string symbol => new Proto().String(2, symbol),
                _ => throw new ArgumentException($"Dimension {dim} must be an int or a string"),
            };
            shape.Message(1, dimension);
        }

        var tensorType = new Proto().Varint(1, elementType).Message(2, shape);
        return new Proto().String(1, name).Message(2, new Proto().Message(1, tensorType)).ToArray();
    }

    /// <summary>The protobuf wire format, as much of it as ONNX models need.</summary>
    private sealed class Proto
    {
        private readonly List<byte> _bytes = [];

        public Proto Varint(int field, long value)
        {
            Key(field, 0);
            Raw((ulong)value);
            return this;
        }

        public Proto Fixed32(int field, float value)
        {
            Key(field, 5);
            var bytes = new byte[sizeof(float)];
            BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
            _bytes.AddRange(bytes);
            return this;
        }

        public Proto String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Proto Message(int field, Proto message) => Bytes(field, message.ToArray());

        public Proto Bytes(int field, byte[] value)
        {
            Key(field, 2);
            Raw((ulong)value.Length);
            _bytes.AddRange(value);
            return this;
        }

        public byte[] ToArray() => [.. _bytes];

        private void Key(int field, int wireType) => Raw((ulong)((field << 3) | wireType));

        private void Raw(ulong value)
        {
            while (value >= 0x80)
            {
                _bytes.Add((byte)(value | 0x80));
                value >>= 7;
            }

            _bytes.Add((byte)value);
        }
    }
}
