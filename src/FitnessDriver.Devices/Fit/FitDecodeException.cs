namespace FitnessDriver.Devices.Fit;

/// <summary>A FIT file is corrupt, truncated or not a FIT file; <see cref="Offset"/> says where.</summary>
public sealed class FitDecodeException : DeviceDecodeException
{
    /// <summary>Creates the exception for a problem found at byte <paramref name="offset"/> of the input.</summary>
    public FitDecodeException(long offset, string reason)
        : base(reason.Contains($"byte {offset}", StringComparison.Ordinal) ? reason : $"{reason} (at byte {offset})", reason, null)
    {
        Offset = offset;
    }

    /// <summary>The byte offset from the start of the input where decoding failed.</summary>
    public long Offset { get; }
}
