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
    /// <summary>The log payload of a batch: sealed when <paramref name="key"/> is given.</summary>
    public static byte[] SampleBatch(SampleBatch batch, byte[]? key)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var encoded = SampleBatchCodec.Encode(batch);
        return key is null ? encoded : Sealed.Seal(key, batch.AthleteId, Purposes.SampleBatch, encoded);
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
        var opened = decode(Sealed.Open(key, purpose, payload.Span));
        return athleteOf(opened) == athleteId ? opened : throw new Contracts.ContractFormatException($"A sealed {purpose} names another athlete than its key.");
    }

    private delegate T Decoder<out T>(ReadOnlySpan<byte> payload);
}
