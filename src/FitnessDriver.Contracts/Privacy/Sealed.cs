using System.Security.Cryptography;
using System.Text;

namespace FitnessDriver.Contracts.Privacy;

/// <summary>
/// Data sealed with an athlete's data key (AES-256-GCM): what the event log and the databases hold of personal and
/// health data. Erasing the athlete destroys the key, and with it every copy, wherever it lies (crypto-shredding).
/// </summary>
/// <remarks>
/// Layout: marker (1 byte, 0xE1: unlike the first byte of any plain payload, a binary sample batch's version 1 or a JSON
/// event's '{'), athlete id (16, big-endian: the key to look up), nonce (12), ciphertext, tag (16). The
/// header and a purpose string are authenticated, so a sealed value cannot be passed off as another athlete's or as
/// data of another kind.
/// </remarks>
public static class Sealed
{
    /// <summary>Bytes a sealed value has beyond its plaintext.</summary>
    public const int Overhead = HeaderLength + TagLength;

    /// <summary>Length of a data key.</summary>
    public const int KeyLength = 32;

    private const byte Version = 0xE1;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int HeaderLength = 1 + 16 + NonceLength;
    private const int AssociatedDataOnStack = 128;

    /// <summary>Seals <paramref name="plaintext"/> for <paramref name="athleteId"/> with its <paramref name="key"/>.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> key, Guid athleteId, string purpose, ReadOnlySpan<byte> plaintext)
    {
        var sealedValue = new byte[HeaderLength + plaintext.Length + TagLength];
        sealedValue[0] = Version;
        athleteId.TryWriteBytes(sealedValue.AsSpan(1, 16), bigEndian: true, out _);
        RandomNumberGenerator.Fill(sealedValue.AsSpan(17, NonceLength));
        Span<byte> buffer = stackalloc byte[AssociatedDataOnStack];
        using var aes = new AesGcm(key, TagLength);
        aes.Encrypt(sealedValue.AsSpan(17, NonceLength), plaintext, sealedValue.AsSpan(HeaderLength, plaintext.Length),
            sealedValue.AsSpan(HeaderLength + plaintext.Length), AssociatedData(sealedValue, purpose, buffer));
        return sealedValue;
    }

    /// <summary>Seals a string (UTF-8).</summary>
    public static byte[] Seal(ReadOnlySpan<byte> key, Guid athleteId, string purpose, string text) =>
        Seal(key, athleteId, purpose, Encoding.UTF8.GetBytes(text));

    /// <summary>True when <paramref name="value"/> looks sealed (version byte and room for header and tag).</summary>
    public static bool IsSealed(ReadOnlySpan<byte> value) => value.Length >= Overhead && value[0] == Version;

    /// <summary>The athlete whose key opens <paramref name="value"/>.</summary>
    /// <exception cref="ContractFormatException">Not a sealed value.</exception>
    public static Guid AthleteOf(ReadOnlySpan<byte> value) =>
        IsSealed(value) ? new Guid(value.Slice(1, 16), bigEndian: true) : throw new ContractFormatException("The value is not sealed data.");

    /// <summary>Opens a sealed value.</summary>
    /// <exception cref="ContractFormatException">Not sealed, or altered, or sealed with another key or for another purpose.</exception>
    public static byte[] Open(ReadOnlySpan<byte> key, string purpose, ReadOnlySpan<byte> value)
    {
        var plaintext = new byte[PlaintextLength(value)];
        Open(key, purpose, value, plaintext);
        return plaintext;
    }

    /// <summary>Length of the plaintext of a sealed value.</summary>
    /// <exception cref="ContractFormatException">Not a sealed value.</exception>
    public static int PlaintextLength(ReadOnlySpan<byte> value) =>
        IsSealed(value) ? value.Length - Overhead : throw new ContractFormatException("The value is not sealed data.");

    /// <summary>Opens a sealed value into <paramref name="plaintext"/>, of <see cref="PlaintextLength"/> bytes.</summary>
    /// <exception cref="ContractFormatException">Not sealed, or altered, or sealed with another key or for another purpose.</exception>
    public static void Open(ReadOnlySpan<byte> key, string purpose, ReadOnlySpan<byte> value, Span<byte> plaintext)
    {
        if (plaintext.Length != PlaintextLength(value))
            throw new ArgumentException($"The plaintext is {PlaintextLength(value)} bytes.", nameof(plaintext));
        Span<byte> buffer = stackalloc byte[AssociatedDataOnStack];
        using var aes = new AesGcm(key, TagLength);
        try
        {
            aes.Decrypt(value.Slice(17, NonceLength), value.Slice(HeaderLength, plaintext.Length), value[^TagLength..], plaintext,
                AssociatedData(value, purpose, buffer));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new ContractFormatException("Sealed data did not open: altered, or sealed with another key or for another purpose.", e);
        }
    }

    /// <summary>Opens a sealed string.</summary>
    public static string OpenText(ReadOnlySpan<byte> key, string purpose, ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(Open(key, purpose, value));

    /// <summary>The header's marker and athlete, then the purpose: in <paramref name="buffer"/> when it fits.</summary>
    private static ReadOnlySpan<byte> AssociatedData(ReadOnlySpan<byte> sealedValue, string purpose, Span<byte> buffer)
    {
        var length = 17 + Encoding.UTF8.GetByteCount(purpose);
        var data = length <= buffer.Length ? buffer[..length] : new byte[length];
        sealedValue[..17].CopyTo(data);
        Encoding.UTF8.GetBytes(purpose, data[17..]);
        return data;
    }
}
