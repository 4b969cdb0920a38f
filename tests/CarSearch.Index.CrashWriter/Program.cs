// Usage: dotnet CarSearch.Index.CrashWriter.dll <index directory> <first number> <writers>
// Writers run concurrently (so commits are grouped); writer w upserts first+w, first+w+writers, ... and some
// numbers also delete an earlier document (CrashDocuments.VictimOf). Each committed write is reported on
// stdout only after its task completed, which is the promise the crash test holds the index to.
using System.Globalization;
using CarSearch.Core.Index;
using CarSearch.Core.Index.Embedded;
using CarSearch.Tests;
using Microsoft.Extensions.Options;

var directory = args[0];
var first = long.Parse(args[1], CultureInfo.InvariantCulture);
var writers = int.Parse(args[2], CultureInfo.InvariantCulture);
var output = Console.Out;
var outputLock = new Lock();

void Report(string prefix, long number)
{
    lock (outputLock)
    {
        output.WriteLine(prefix + number.ToString(CultureInfo.InvariantCulture) + CrashDocuments.LineEnd);
        output.Flush();
    }
}

await using var index = new EmbeddedVectorIndex(Options.Create(new IndexOptions
{
    Dimensions = CrashDocuments.Dimensions,
    Local = new LocalIndexOptions { Directory = directory, CompactionLogBytes = CrashDocuments.CompactionLogBytes },
}));
await index.InitializeAsync();

await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
{
    for (var number = first + writer; ; number += writers)
    {
        await index.UpsertAsync(CrashDocuments.Create(number));
        Report(CrashDocuments.UpsertedPrefix, number);
        if (CrashDocuments.VictimOf(number, writers) is { } victim)
        {
            await index.DeleteAsync(CrashDocuments.IdOf(victim));
            Report(CrashDocuments.DeletedPrefix, victim);
        }
    }
})));
