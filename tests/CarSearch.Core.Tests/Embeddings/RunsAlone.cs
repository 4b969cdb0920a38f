namespace CarSearch.Core.Tests.Embeddings;

/// <summary>
/// Tests that run one after the other with no other test beside them: the decoder fuzz campaign and the int8 model's
/// inference. Beside each other, or the int8 inference beside other tests of damaged images, the test host crashed in
/// most runs on an AMD EPYC of this machine class (its CPU family not recorded); 0 of 5 whole-suite runs on an
/// Intel Xeon with AVX-512, 0 of 3 on an AMD EPYC of family 26 (Zen 5, AVX-512 and AVX-VNNI), 0 of 3 on
/// one of family 25 model 1 (Zen 3, AVX2 only). The crash: SIGSEGV
/// (SEGV_ACCERR) inside the runtime's own signal handling, just after one of the NullReference or DivideByZero faults ImageSharp raises on a damaged image. With the int8 folder made in
/// advance (no python child) it still crashed 4 of 4; with the float32 model in its place, 0 of 3; each alone never
/// (5 runs each). The cause is not found yet (see the notes and models/README.md); until it is, these do not
/// share the process's time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
