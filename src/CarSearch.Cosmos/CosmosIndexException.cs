using System.Net;
using Microsoft.Azure.Cosmos;

namespace CarSearch.Cosmos;

/// <summary>
/// A Cosmos DB request of the index failed, or the container cannot serve it
/// (<see cref="CosmosContainerMismatchException"/>); the message names the operation, the status and what to check.
/// </summary>
public class CosmosIndexException : Exception
{
    public CosmosIndexException(string message)
        : base(message)
    {
    }

    public CosmosIndexException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CosmosIndexException()
    {
    }

    /// <summary>
    /// The HTTP status Cosmos DB answered with (429 after the SDK's own retries ran out, 403, 503, ...); 0 when the
    /// request succeeded but its answer rules the container out (<see cref="CosmosContainerMismatchException"/>).
    /// </summary>
    public HttpStatusCode StatusCode { get; private init; }

    /// <summary>The service's sub-status, which tells apart e.g. a missing item (0) from a missing container (1003).</summary>
    public int SubStatusCode { get; private init; }

    /// <summary>What the index was doing, e.g. "upsert of document 'a.jpg'".</summary>
    public string Operation { get; protected init; } = "";

    internal static CosmosIndexException From(string operation, string target, CosmosException inner)
    {
        var status = (int)inner.StatusCode;
        var message = $"Cosmos DB {operation} failed with {status} {inner.StatusCode}"
                      + (inner.SubStatusCode != 0 ? $" (sub-status {inner.SubStatusCode})" : "")
                      + $" on {target}. {Hint(inner)}".TrimEnd();
        return new CosmosIndexException(message, inner)
        {
            StatusCode = inner.StatusCode,
            SubStatusCode = inner.SubStatusCode,
            Operation = operation,
        };
    }

    private static string Hint(CosmosException inner) => inner.StatusCode switch
    {
        HttpStatusCode.TooManyRequests =>
            "The request was still throttled after the SDK's retries; raise the container's RU/s or slow the ingest.",
        HttpStatusCode.Unauthorized =>
            "Check CarSearch:Index:Cosmos:Key, or remove it to sign in with the app's managed identity.",
        HttpStatusCode.Forbidden =>
            "The identity lacks a data-plane role (Cosmos DB Built-in Data Contributor), or the account's firewall "
            + "blocks this client; creating databases and containers with an identity needs the control plane (Bicep).",
        HttpStatusCode.NotFound =>
            "The database or container does not exist: deploy it, or set CarSearch:Index:Cosmos:CreateIfNotExists.",
        HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout =>
            "The service was unavailable; the request can be retried later.",
        _ => "",
    };
}
