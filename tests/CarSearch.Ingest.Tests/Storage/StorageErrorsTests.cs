using CarSearch.Core.Storage;
using Azure;
using Azure.Identity;
using CarSearch.Storage;

namespace CarSearch.Ingest.Tests.Storage;

/// <summary>
/// StorageErrors tells "no answer" from "answered and refused", which is what decides the advice every host gives;
/// and what it says never carries a key.
/// </summary>
public sealed class StorageErrorsTests
{
    private const string Target = "the image storage at http://127.0.0.1:10000/devstoreaccount1";

    private const string Key = AzuriteAccount.Key;

    public static TheoryData<Exception, StorageFailureKind> Failures => new()
    {
        { new RequestFailedException("Connection refused (127.0.0.1:10000)", new HttpRequestException("Connection refused")), StorageFailureKind.Unreachable },
        { new HttpRequestException("Name or service not known (nowhere.blob.core.windows.net:443)"), StorageFailureKind.Unreachable },
        { new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout of 0:01:40."), StorageFailureKind.Unreachable },
        { new AuthenticationFailedException("DefaultAzureCredential failed to retrieve a token."), StorageFailureKind.SignInFailed },
        { Answer(403, "AuthorizationFailure"), StorageFailureKind.Refused },
        { Answer(401, "InvalidAuthenticationInfo"), StorageFailureKind.Refused },
        { Answer(404, "ContainerNotFound"), StorageFailureKind.NotFound },
        { Answer(409, "ContainerBeingDeleted"), StorageFailureKind.Failed },
        { Answer(503, "ServerBusy"), StorageFailureKind.Failed },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void EachFailureIsClassifiedByWhetherStorageAnsweredAndHow(Exception error, StorageFailureKind kind)
    {
        Assert.Equal(kind, StorageErrors.Classify(error)?.Kind);
    }

    [Fact]
    public void TheSdksRetrySummaryIsClassifiedByItsLastTry()
    {
        var retries = new AggregateException(
            "Retry failed after 4 tries.",
            Answer(503, "ServerBusy"),
            new RequestFailedException("Connection refused (127.0.0.1:10000)"));

        var failure = StorageErrors.Classify(retries);

        Assert.Equal(StorageFailureKind.Unreachable, failure?.Kind);
        Assert.Equal("Connection refused (127.0.0.1:10000)", failure?.Detail);
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void OnlyWhatAskingAgainLaterMayFixBecomesStorageUnavailableAndItKeepsItsClassification(Exception error, StorageFailureKind kind)
    {
        var unavailable = StorageErrors.AsUnavailable(error, "the image storage (car-images)");

        var expected = kind is StorageFailureKind.Unreachable or StorageFailureKind.SignInFailed or StorageFailureKind.Refused;
        Assert.Equal(expected, unavailable is not null);
        if (unavailable is not null)
        {
            Assert.Same(error, unavailable.InnerException);
            Assert.StartsWith(kind == StorageFailureKind.Refused ? "Reached the image storage (car-images)" : "Can", unavailable.Message, StringComparison.Ordinal);
            Assert.Equal(StorageErrors.Classify(error), StorageErrors.Classify(unavailable));
        }
    }

    [Fact]
    public void ACallTheCallerCancelledIsNotAStorageOutage()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Null(StorageErrors.AsUnavailable(new TaskCanceledException(), "the image storage", cancelled.Token));
    }

    [Fact]
    public void AFailureThatIsNotAboutStorageIsLeftAlone()
    {
        Assert.Null(StorageErrors.Classify(new ArgumentException("Metadata name 'a b' is not allowed.")));
        Assert.Null(StorageErrors.Classify(new InvalidOperationException("A bug.")));
    }

    [Fact]
    public void NoAnswerSaysItCannotReachTheStorageAndWhyNotThatItRefused()
    {
        var message = StorageErrors.Classify(new RequestFailedException("Connection refused (127.0.0.1:10000)"))!.Describe(Target);

        Assert.Equal($"Cannot reach {Target}: Connection refused (127.0.0.1:10000).", message);
    }

    [Fact]
    public void ARefusalSaysStorageWasReachedAndNamesTheKeyAndTheRole()
    {
        var message = StorageErrors.Classify(Answer(403, "AuthorizationFailure"))!.Describe(Target);

        Assert.StartsWith($"Reached {Target}, but it refused the request (403 AuthorizationFailure)", message, StringComparison.Ordinal);
        Assert.Contains("key", message, StringComparison.Ordinal);
        Assert.Contains("role", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Cannot reach", message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingContainerSaysSo()
    {
        var message = StorageErrors.Classify(Answer(404, "ContainerNotFound"))!.Describe(Target);

        Assert.Contains("404 ContainerNotFound", message, StringComparison.Ordinal);
        Assert.Contains("does not exist", message, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyInTheSdksWordsIsNeverRepeated()
    {
        var leaky = new RequestFailedException(
            $"Connection refused (DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};)\nmore diagnostics");

        var failure = StorageErrors.Classify(leaky)!;

        Assert.DoesNotContain(Key, failure.Describe(Target), StringComparison.Ordinal);
        Assert.Contains("AccountKey=***", failure.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("more diagnostics", failure.Detail, StringComparison.Ordinal);
    }

    private static RequestFailedException Answer(int status, string errorCode) =>
        new(status, $"The service answered {status}.\nRequestId:0\nTime:2025-01-01T00:00:00Z", errorCode, innerException: null);
}
