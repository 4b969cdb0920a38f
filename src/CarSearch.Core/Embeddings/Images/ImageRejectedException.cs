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

    /// <summary>Which image of a batch was refused (its index in the caller's list); null for a single image.</summary>
    public int? InputIndex { get; private init; }

    /// <summary>The same rejection, saying which image of a batch it concerns.</summary>
    public ImageRejectedException ForInput(int index) =>
        new(Reason, Message, InnerException) { InputIndex = index };
}
