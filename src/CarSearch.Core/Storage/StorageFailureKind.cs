namespace CarSearch.Core.Storage;

/// <summary>What a failed storage call means for whoever has to fix it: each kind has its own remedy.</summary>
public enum StorageFailureKind
{
    /// <summary>No answer at all (connection refused, name not resolved, no answer in time): storage is down or the endpoint is wrong.</summary>
    Unreachable,

    /// <summary>No token for the identity (<c>az login</c>, managed identity): nothing was sent to storage.</summary>
    SignInFailed,

    /// <summary>Storage answered 401 or 403: a wrong or expired key or SAS, an identity without a data role, or the firewall.</summary>
    Refused,

    /// <summary>Storage answered 404: the account or the container does not exist.</summary>
    NotFound,

    /// <summary>Any other answer (a conflict, a server error the retries did not get past).</summary>
    Failed,
}
