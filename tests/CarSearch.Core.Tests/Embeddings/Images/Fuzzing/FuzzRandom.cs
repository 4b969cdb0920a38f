namespace CarSearch.Core.Tests.Embeddings.Images.Fuzzing;

/// <summary>
/// SplitMix64: a tiny generator whose sequence for a seed is fixed by this file, so a recipe found today replays on
/// any runtime (<see cref="Random"/>'s algorithm may change between .NET versions).
/// </summary>
public sealed class FuzzRandom
{
    private ulong _state;

    public FuzzRandom(ulong seed)
    {
        _state = seed;
    }

    /// <summary>The generator for one fuzz case, derived from everything that names it.</summary>
    public static FuzzRandom ForCase(string input, int seed, int round)
    {
        // FNV-1a of the name: string.GetHashCode is randomised per process.
        var hash = 14695981039346656037UL;
        foreach (var c in input)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return new FuzzRandom(hash ^ ((ulong)(uint)seed << 32) ^ (uint)round);
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, <paramref name="maxExclusive"/>); 0 when the range is empty.</summary>
    public int Next(int maxExclusive) => maxExclusive <= 0 ? 0 : (int)(NextUInt64() % (ulong)maxExclusive);

    /// <summary>A value in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    /// <summary>True with probability 1 / <paramref name="n"/>.</summary>
    public bool OneIn(int n) => Next(n) == 0;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
