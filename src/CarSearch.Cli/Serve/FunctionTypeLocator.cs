using Microsoft.Azure.WebJobs;

namespace CarSearch.Cli.Serve;

/// <summary>
/// Tells the WebJobs host exactly which classes hold functions. Its default scans every loaded assembly, which in a
/// test process or beside other WebJobs code would pick up functions that are not serve's.
/// </summary>
internal sealed class FunctionTypeLocator(params Type[] types) : ITypeLocator
{
    public IReadOnlyList<Type> GetTypes() => types;
}
