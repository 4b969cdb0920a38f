namespace CarSearch.Core.Tests.Embeddings.Images.Fuzzing;

/// <summary>
/// One input of a campaign: which file, seed and round drew it, and the recipe, which is all a failure message needs
/// for someone to rebuild the bytes (<see cref="Mutator.Create"/> with <see cref="FuzzRandom.ForCase"/>, or the recipe's
/// mutations applied by hand).
/// </summary>
public sealed record FuzzCase(FuzzInput Input, int Seed, int Round, Mutant Mutant)
{
    public static FuzzCase Draw(FuzzInput input, IReadOnlyList<FuzzInput> corpus, int seed, int round) =>
        new(input, seed, round, Mutator.Create(input, corpus, FuzzRandom.ForCase(input.Name, seed, round)));

    public override string ToString() => $"{Input.Name}, seed {Seed}, round {Round}: {Mutant}";
}
