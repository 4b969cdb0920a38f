namespace CarSearch.Core.Tests.Embeddings.Images.Fuzzing;

/// <summary>A mutated file and the recipe that made it from its input.</summary>
public sealed record Mutant(byte[] Bytes, IReadOnlyList<Mutation> Recipe)
{
    public override string ToString() => string.Join("; ", Recipe);
}

/// <summary>
/// Draws one to four stacked mutations for a file from a <see cref="FuzzRandom"/>: bit flips, boundary bytes, forged
/// header fields (lengths, sizes, flags), cuts, deleted or repeated ranges and splices with another file.
/// </summary>
/// <remarks>
/// Half the byte-level mutations land in the first kilobyte, where the headers are: damage deep in compressed data
/// mostly tests the entropy decoder, damage in a header tests every decision made from it.
/// </remarks>
public static class Mutator
{
    private const int HeaderBytes = 1024;

    private static readonly byte[] BoundaryBytes = [0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE];

    /// <summary>Sizes past any limit, at the limits of their field, and within the limit but far beyond the data.</summary>
    private static readonly ulong[] ForgedDimensions = [0, 1, 2, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000, 30_000, 100_000, 0x7FFF_FFFF, 0xFFFF_FFFF];

    private static readonly ulong[] ForgedValues = [0, 1, 0xFF, 0x7F, 0x80, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF];

    public static Mutant Create(FuzzInput input, IReadOnlyList<FuzzInput> corpus, FuzzRandom random)
    {
        var bytes = input.Bytes;
        var recipe = new List<Mutation>();
        var count = random.OneIn(3) ? random.Next(2, 5) : 1;
        for (var i = 0; i < count && bytes.Length > 0; i++)
        {
            var mutation = Draw(bytes, corpus, random);
            recipe.Add(mutation);
            bytes = mutation.Apply(bytes);
        }

        // Most PNG mutants get their checksums fixed, or the decoder would refuse nearly all of them at the first CRC.
        if (ImageFields.IsPng(bytes) && !random.OneIn(4))
        {
            var fix = new FixPngChecksums();
            recipe.Add(fix);
            bytes = fix.Apply(bytes);
        }

        return new Mutant(bytes, recipe);
    }

    private static Mutation Draw(byte[] bytes, IReadOnlyList<FuzzInput> corpus, FuzzRandom random)
    {
        var kind = random.Next(16);
        var fields = kind is >= 6 and < 11 ? ImageFields.Find(bytes) : [];
        if (kind is >= 6 and < 11 && fields.Count == 0)
        {
            kind = 0; // no structure found: a bit flip instead
        }

        switch (kind)
        {
            case < 3:
                return new FlipBit(Offset(bytes, random), random.Next(8));
            case < 6:
                var value = random.OneIn(4) ? (byte)random.Next(256) : random.Pick(BoundaryBytes);
                return new Overwrite(Offset(bytes, random), value, random.OneIn(4) ? random.Next(2, 9) : 1);
            case < 11:
                var field = random.Pick(fields);
                return new SetField(field.Name, ForgedValue(field, field.Read(bytes), random) & field.MaxValue);
            case < 13:
                return new Truncate(random.OneIn(2) ? random.Next(1, Math.Min(bytes.Length, HeaderBytes)) : random.Next(1, bytes.Length));
            case 13:
                var from = Offset(bytes, random);
                return new DeleteRange(from, random.Next(1, Math.Min(bytes.Length - from, 4096) + 1));
            case 14:
                var start = Offset(bytes, random);
                return new DuplicateRange(start, random.Next(1, Math.Min(bytes.Length - start, 4096) + 1), Offset(bytes, random));
            default:
                var other = random.Pick(corpus);
                return new Splice(Offset(bytes, random), other, random.Next(other.Bytes.Length));
        }
    }

    private static ulong ForgedValue(ImageField field, ulong current, FuzzRandom random) => random.Next(6) switch
    {
        0 => current + 1,
        1 => current - 1,
        2 => current * 2,
        3 => current / 2 + (ulong)random.Next(2),
        _ => field.Kind == FieldKind.Dimension ? random.Pick(ForgedDimensions) : random.Pick(ForgedValues),
    };

    private static int Offset(byte[] bytes, FuzzRandom random) =>
        random.OneIn(2) ? random.Next(Math.Min(bytes.Length, HeaderBytes)) : random.Next(bytes.Length);
}
