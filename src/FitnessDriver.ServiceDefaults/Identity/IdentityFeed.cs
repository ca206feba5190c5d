using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Identity;
using FitnessDriver.EventLog;
using FitnessDriver.Hosting;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.ServiceDefaults.Identity;

/// <summary>Follows <see cref="Topics.Identity"/>: signing keys into the <see cref="SigningKeyRing"/>, revocations into <see cref="Revocations"/>.</summary>
public sealed class IdentityFeed(IEventLog log, SigningKeyRing keys, Revocations revocations, WorkerHealth health, ILogger<IdentityFeed> logger)
    : TopicFeed("identity feed", Topics.Identity, log, health, logger)
{
    /// <inheritdoc />
    protected override int Count => keys.Count + revocations.Count;

    /// <inheritdoc />
    protected override void Apply(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            switch (IdentityEventCodec.Decode(record.Value.Span))
            {
                case SigningKeyPublished key:
                    keys.Add(key.KeyId, key.PublicJwk, key.ValidUntil);
                    break;
                case SessionRevoked session:
                    revocations.RevokeSession(session.AthleteId, session.SessionId, session.ValidUntil);
                    break;
                case AthleteSignedOut signedOut:
                    revocations.SignOut(signedOut.AthleteId, signedOut.Before);
                    break;
                case AthleteErased erased:
                    revocations.Erase(erased.AthleteId, erased.ErasedAt);
                    break;
            }
        }
        catch (Exception e) when (e is ContractFormatException or ArgumentException)
        {
            logger.LogError(e, "Skipping unreadable identity event {Partition}@{Offset}", record.Partition, record.Offset);
        }
    }
}
