namespace CarSearch.Core.Embeddings.Images;

/// <summary>An upload was refused; <see cref="Exception.Message"/> says why in words a user understands.</summary>
public sealed class ImageRejectedException : Exception
{
    public ImageRejectedException(ImageRejectionReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public ImageRejectionReason Reason { get; }
}
