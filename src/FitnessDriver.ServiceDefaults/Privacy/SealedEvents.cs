using FitnessDriver.Contracts.Privacy;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.ServiceDefaults.Privacy;

/// <summary>Sample batches on the log, sealed with the athlete's data key (or plain, as written before sealing, or with sealing off).</summary>
public static class SealedEvents
{
    /// <summary>The log payload of a batch: sealed when <paramref name="key"/> is given.</summary>
    public static byte[] SampleBatch(SampleBatch batch, byte[]? key)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var encoded = SampleBatchCodec.Encode(batch);
        return key is null ? encoded : Sealed.Seal(key, batch.AthleteId, Purposes.SampleBatch, encoded);
    }

    /// <summary>The batch in a log payload, or null when it was sealed for an athlete who has since been erased.</summary>
    /// <exception cref="KeysUnavailableException">The athlete's key cannot be had now.</exception>
    /// <exception cref="Contracts.ContractFormatException">The payload is corrupt.</exception>
    public static async ValueTask<SampleBatch?> OpenSampleBatchAsync(ReadOnlyMemory<byte> payload, IAthleteKeys keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (!Sealed.IsSealed(payload.Span))
            return SampleBatchCodec.Decode(payload.Span);
        var athleteId = Sealed.AthleteOf(payload.Span);
        if (await keys.FindAsync(athleteId, cancellationToken) is not { } key)
            return null;
        var batch = SampleBatchCodec.Decode(Sealed.Open(key, Purposes.SampleBatch, payload.Span));
        return batch.AthleteId == athleteId ? batch : throw new Contracts.ContractFormatException("A sealed batch names another athlete than its key.");
    }
}
