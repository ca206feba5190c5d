namespace FitnessDriver.Devices.Gatt;

/// <summary>A characteristic payload is malformed, too short, or of a characteristic this library does not decode.</summary>
public sealed class GattDecodeException : DeviceDecodeException
{
    /// <summary>Creates the exception for a problem found at <paramref name="offset"/> in the payload.</summary>
    public GattDecodeException(int offset, string reason)
        : base($"{reason} (at byte {offset})", reason, null)
    {
        Offset = offset;
    }

    /// <summary>The byte offset in the payload where decoding failed.</summary>
    public int Offset { get; }
}
