using Microsoft.ML.OnnxRuntime;
using static CarSearch.Core.Embeddings.ClipConstants;

namespace CarSearch.Core.Embeddings.Inference;

/// <summary>CLIP's text tower: token id sequences (start and end tokens included) in, L2-normalised embeddings out.</summary>
/// <remarks>
/// Create one per model file and share it (see <see cref="ClipImageEncoder"/>). Works with both export contracts:
/// <c>input_ids</c> alone (Hugging Face Optimum / transformers.js) or with <c>attention_mask</c>, int64 or int32, as
/// the model's metadata declares; feeding an undeclared input is an error in ONNX Runtime.
/// </remarks>
public sealed class ClipTextEncoder : IDisposable
{
    /// <summary>Name of the projected embedding in Hugging Face exports (<c>CLIPTextModelWithProjection</c>).</summary>
    public const string PreferredOutputName = "text_embeds";

    public const string InputIdsName = "input_ids";

    public const string AttentionMaskName = "attention_mask";

    /// <summary>Ids run from 0 to the end-of-text token; anything else would index past the embedding table.</summary>
    private const int VocabularySize = EndOfTextToken + 1;

    private readonly EmbeddingSession _model;
    private readonly TokenInput _ids;
    private readonly TokenInput? _mask;
    private readonly string[] _inputNames;
    private readonly int _fixedLength;

    /// <summary>Loads the text tower and reads which inputs it declares and of which integer type.</summary>
    /// <exception cref="Model.ModelNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidModelException">The file is not an ONNX model or not a CLIP text tower.</exception>
    public ClipTextEncoder(string onnxPath, InferenceOptions options)
    {
        _model = EmbeddingSession.Open(onnxPath, options, PreferredOutputName);
        try
        {
            (_ids, _mask) = ValidateInputs(_model);
            _inputNames = _mask is null ? [_ids.Name] : [_ids.Name, _mask.Name];
            MaxBatchSize = _model.BatchLimit(_ids.Name, options.MaxBatchSize);
            _fixedLength = Math.Max(_ids.LengthDimension, 0);
            MaxSequenceLength = _fixedLength > 0 ? Math.Min(_fixedLength, ContextLength) : ContextLength;

            // An export may leave the width symbolic; the empty text tells it (and proves the model runs).
            Dimension = _model.DeclaredDimension > 0
                ? _model.DeclaredDimension
                : Run([[StartOfTextToken, EndOfTextToken]], normalize: false)[0].Length;
        }
        catch
        {
            _model.Dispose();
            throw;
        }
    }

    public string ModelPath => _model.ModelPath;

    /// <summary>Width of every embedding (512 for ViT-B/32).</summary>
    public int Dimension { get; }

    /// <summary>Most sequences fed in one run: <see cref="InferenceOptions.MaxBatchSize"/>, or 1 if the model fixes its batch at 1.</summary>
    public int MaxBatchSize { get; }

    /// <summary>Longest sequence accepted: 77 (CLIP's context), or less if the model fixes a shorter length.</summary>
    public int MaxSequenceLength { get; }

    /// <summary>Whether the model declares <c>attention_mask</c> (and so is fed one).</summary>
    public bool UsesAttentionMask => _mask is not null;

    /// <summary>Embeds each token id sequence (1 to <see cref="MaxSequenceLength"/> ids, unpadded).</summary>
    /// <returns>One unit-length vector per sequence, in input order; empty for none.</returns>
    public float[][] Embed(IReadOnlyList<IReadOnlyList<int>> tokenIds) => Run(tokenIds, normalize: true);

    /// <summary>The model's raw projection, before L2 normalisation (for parity checks against the reference).</summary>
    internal float[][] EmbedUnnormalized(IReadOnlyList<IReadOnlyList<int>> tokenIds) => Run(tokenIds, normalize: false);

    public void Dispose() => _model.Dispose();

    private float[][] Run(IReadOnlyList<IReadOnlyList<int>> tokenIds, bool normalize)
    {
        ObjectDisposedException.ThrowIf(_model.IsDisposed, this);
        ArgumentNullException.ThrowIfNull(tokenIds);
        for (var i = 0; i < tokenIds.Count; i++)
        {
            Validate(tokenIds, i);
        }

        // Chunks of similar lengths waste the least work on padding; results go back to input order below.
        var order = Enumerable.Range(0, tokenIds.Count).OrderBy(i => tokenIds[i].Count).ToArray();
        var results = new float[tokenIds.Count][];
        for (var first = 0; first < order.Length; first += MaxBatchSize)
        {
            var members = order.AsSpan(first, Math.Min(MaxBatchSize, order.Length - first));
            var rows = RunChunk(tokenIds, members, normalize);
            for (var row = 0; row < rows.Length; row++)
            {
                results[members[row]] = rows[row];
            }
        }

        return results;
    }

    private float[][] RunChunk(IReadOnlyList<IReadOnlyList<int>> tokenIds, ReadOnlySpan<int> members, bool normalize)
    {
        long[] shape = [members.Length, TokenBatch.SequenceLength(tokenIds, members, _fixedLength)];
        var owners = new List<IDisposable>(2);
        try
        {
            var inputs = new List<OrtValue>(2) { _ids.Create(shape, tokenIds, members, owners) };
            if (_mask is not null)
            {
                inputs.Add(_mask.Create(shape, tokenIds, members, owners));
            }

            return _model.Run(_inputNames, inputs, members.Length, Dimension, normalize);
        }
        finally
        {
            owners.ForEach(owner => owner.Dispose());
        }
    }

    private void Validate(IReadOnlyList<IReadOnlyList<int>> tokenIds, int index)
    {
        var sequence = tokenIds[index];
        if (sequence is null || sequence.Count == 0 || sequence.Count > MaxSequenceLength)
        {
            throw new ArgumentException(
                $"Token sequence {index} has {sequence?.Count ?? 0} ids; expected 1 to {MaxSequenceLength} (start and end tokens included).",
                nameof(tokenIds));
        }

        for (var i = 0; i < sequence.Count; i++)
        {
            if ((uint)sequence[i] >= VocabularySize)
            {
                throw new ArgumentException(
                    $"Token sequence {index} holds id {sequence[i]} at position {i}; ids run from 0 to {VocabularySize - 1}.", nameof(tokenIds));
            }
        }
    }

    private static (TokenInput Ids, TokenInput? Mask) ValidateInputs(EmbeddingSession model)
    {
        var inputs = model.Inputs;

        // Exports name the ids input_ids; a model with a single input under another name is taken to mean the same.
        var idsName = inputs.ContainsKey(InputIdsName) ? InputIdsName : inputs.Count == 1 ? inputs.Keys.First() : null;
        var unknown = inputs.Keys.Where(name => name != idsName && name != AttentionMaskName).ToList();
        if (idsName is null || unknown.Count > 0)
        {
            throw new InvalidModelException(
                model.ModelPath,
                $"expected inputs {InputIdsName} and optionally {AttentionMaskName}, both integer [batch,sequence]; " +
                $"it has {NodeDescription.Of(inputs)}.");
        }

        var ids = TokenInput.From(idsName, inputs[idsName], isMask: false, model.ModelPath);
        var mask = inputs.TryGetValue(AttentionMaskName, out var maskNode)
            ? TokenInput.From(AttentionMaskName, maskNode, isMask: true, model.ModelPath)
            : null;
        return (ids, mask);
    }
}
