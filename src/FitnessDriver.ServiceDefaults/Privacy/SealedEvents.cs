using System.Buffers;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Privacy;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.ServiceDefaults.Privacy;

/// <summary>
/// Events on the log sealed with the athlete's data key: sample batches and achievements (or plain, as written before
/// sealing, or with sealing off).
/// </summary>
public static class SealedEvents
{
    private const int LargestKeptBuffer = 1 << 20;

    /// <summary>Where this thread encodes a batch before sealing it; wiped after each use.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? plaintextBuffer;

    /// <summary>The log payload of a batch: sealed when <paramref name="key"/> is given.</summary>
    public static byte[] SampleBatch(SampleBatch batch, byte[]? key)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (key is null)
            return SampleBatchCodec.Encode(batch);
        var plaintext = plaintextBuffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            SampleBatchCodec.Encode(batch, plaintext);
            return Sealed.Seal(key, batch.AthleteId, Purposes.SampleBatch, plaintext.WrittenSpan);
        }
        finally
        {
            plaintext.Clear();
            if (plaintext.Capacity > LargestKeptBuffer)
                plaintextBuffer = null;
        }
    }

    /// <summary>The log payload of an encoded achievement of <paramref name="athleteId"/>: sealed when <paramref name="key"/> is given.</summary>
    public static byte[] Achievement(Guid athleteId, byte[] encoded, byte[]? key) =>
        key is null ? encoded : Sealed.Seal(key, athleteId, Purposes.Achievement, encoded);

    /// <summary>The batch in a log payload, or null when it was sealed for an athlete who has since been erased.</summary>
    /// <exception cref="KeysUnavailableException">The athlete's key cannot be had now.</exception>
    /// <exception cref="Contracts.ContractFormatException">The payload is corrupt.</exception>
    public static ValueTask<SampleBatch?> OpenSampleBatchAsync(ReadOnlyMemory<byte> payload, IAthleteKeys keys, CancellationToken cancellationToken) =>
        OpenAsync(payload, Purposes.SampleBatch, SampleBatchCodec.Decode, b => b.AthleteId, keys, cancellationToken);

    /// <summary>The achievement in a log payload, or null when it was sealed for an athlete who has since been erased.</summary>
    /// <exception cref="KeysUnavailableException">The athlete's key cannot be had now.</exception>
    /// <exception cref="Contracts.ContractFormatException">The payload is corrupt.</exception>
    public static ValueTask<Achievement?> OpenAchievementAsync(ReadOnlyMemory<byte> payload, IAthleteKeys keys, CancellationToken cancellationToken) =>
        OpenAsync(payload, Purposes.Achievement, AchievementCodec.Decode, a => a.AthleteId, keys, cancellationToken);

    private static async ValueTask<T?> OpenAsync<T>(ReadOnlyMemory<byte> payload, string purpose, Decoder<T> decode, Func<T, Guid> athleteOf, IAthleteKeys keys,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (!Sealed.IsSealed(payload.Span))
            return decode(payload.Span);
        var athleteId = Sealed.AthleteOf(payload.Span);
        if (await keys.FindAsync(athleteId, cancellationToken) is not { } key)
            return null;
        var opened = Open(key, purpose, payload.Span, decode);
        return athleteOf(opened) == athleteId ? opened : throw new Contracts.ContractFormatException($"A sealed {purpose} names another athlete than its key.");
    }

    /// <summary>Opens into a pooled buffer, wiped once decoded: the decoded value is all that is kept.</summary>
    private static T Open<T>(byte[] key, string purpose, ReadOnlySpan<byte> payload, Decoder<T> decode)
    {
        var length = Sealed.PlaintextLength(payload);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Sealed.Open(key, purpose, payload, buffer.AsSpan(0, length));
            return decode(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private delegate T Decoder<out T>(ReadOnlySpan<byte> payload);
}
