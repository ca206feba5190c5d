using System.Globalization;

namespace FitnessDriver.Devices.Gatt;

/// <summary>
/// Decodes raw characteristic payloads by characteristic id, so a gateway can forward what it receives unchanged.
/// </summary>
public static class GattDecoder
{
    private const string BaseUuidSuffix = "-0000-1000-8000-00805f9b34fb";

    /// <summary>The 16-bit ids of the characteristics this decoder understands.</summary>
    public static IReadOnlyList<ushort> SupportedCharacteristics { get; } =
    [
        HeartRateMeasurement.CharacteristicId,
        CyclingPowerMeasurement.CharacteristicId,
        CscMeasurement.CharacteristicId,
        RscMeasurement.CharacteristicId,
        IndoorBikeData.CharacteristicId,
    ];

    /// <summary>Decodes <paramref name="payload"/> as the characteristic with the 16-bit id given.</summary>
    /// <exception cref="GattDecodeException">The characteristic is not supported or the payload is malformed.</exception>
    public static GattMeasurement Decode(ushort characteristicId, ReadOnlySpan<byte> payload) => characteristicId switch
    {
        HeartRateMeasurement.CharacteristicId => HeartRateMeasurement.Decode(payload),
        CyclingPowerMeasurement.CharacteristicId => CyclingPowerMeasurement.Decode(payload),
        CscMeasurement.CharacteristicId => CscMeasurement.Decode(payload),
        RscMeasurement.CharacteristicId => RscMeasurement.Decode(payload),
        IndoorBikeData.CharacteristicId => IndoorBikeData.Decode(payload),
        _ => throw new GattDecodeException(0, $"unsupported characteristic 0x{characteristicId:X4}"),
    };

    /// <summary>
    /// Decodes a payload for a characteristic named as a 16-bit id ("2A37", "0x2a37") or a full UUID on the
    /// Bluetooth base ("00002a37-0000-1000-8000-00805f9b34fb").
    /// </summary>
    /// <exception cref="GattDecodeException">The name is not a supported characteristic or the payload is malformed.</exception>
    public static GattMeasurement Decode(string characteristic, ReadOnlySpan<byte> payload) =>
        Decode(ParseCharacteristic(characteristic), payload);

    /// <summary>Decodes a base64 payload, the form a device gateway sends.</summary>
    /// <exception cref="GattDecodeException">The base64 text, the characteristic or the payload is invalid.</exception>
    public static GattMeasurement DecodeBase64(string characteristic, string payloadBase64)
    {
        ArgumentNullException.ThrowIfNull(payloadBase64);
        var buffer = new byte[(payloadBase64.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(payloadBase64, buffer, out var written))
        {
            throw new GattDecodeException(0, "payload is not valid base64");
        }

        return Decode(characteristic, buffer.AsSpan(0, written));
    }

    /// <summary>Decodes without throwing for bad input; <paramref name="error"/> says why when it returns false.</summary>
    public static bool TryDecode(
        ushort characteristicId,
        ReadOnlySpan<byte> payload,
        out GattMeasurement? measurement,
        out GattDecodeException? error)
    {
        try
        {
            measurement = Decode(characteristicId, payload);
            error = null;
            return true;
        }
        catch (GattDecodeException e)
        {
            measurement = null;
            error = e;
            return false;
        }
    }

    /// <summary>Parses a characteristic name to its 16-bit id.</summary>
    /// <exception cref="GattDecodeException">The text is neither a 16-bit id nor a UUID on the Bluetooth base.</exception>
    public static ushort ParseCharacteristic(string characteristic)
    {
        ArgumentNullException.ThrowIfNull(characteristic);
        var text = characteristic.Trim().ToLowerInvariant();
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        if (text.Length == 36 && text.StartsWith("0000", StringComparison.Ordinal)
            && text.EndsWith(BaseUuidSuffix, StringComparison.Ordinal))
        {
            text = text[4..8];
        }

        if (text.Length is > 0 and <= 4
            && ushort.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        throw new GattDecodeException(0, $"'{characteristic}' is not a 16-bit characteristic id or Bluetooth base UUID");
    }
}
