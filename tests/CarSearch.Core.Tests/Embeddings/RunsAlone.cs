namespace CarSearch.Core.Tests.Embeddings;

/// <summary>
/// Tests that run one after the other with no other test beside them: the decoder fuzz campaign and the int8 model's
/// inference. Beside each other, or the int8 inference beside other tests of damaged images, the test host crashed in
/// most runs on this machine class: SIGSEGV (SEGV_ACCERR) inside the runtime's own signal handling, just after one of
/// the NullReference or DivideByZero faults ImageSharp raises on a damaged image. Float32 inference beside the
/// campaign, and each of the two alone, never crashed (5 runs each). The cause is not found yet (see the issue's
/// notes); until it is, these do not share the process's time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
