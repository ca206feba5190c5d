using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Identity;
using FitnessDriver.EventLog;
using FitnessDriver.Hosting;
using FitnessDriver.Postgres;

namespace FitnessDriver.Profiles.Privacy;

/// <summary>
/// Announces recorded erasures on the identity topic (<see cref="AthleteErased"/>) until each is published: the
/// outbox of <see cref="Erasures"/>. Wakes when an athlete is erased, and looks again every half minute for
/// erasures a crash or an unavailable log left behind.
/// </summary>
public sealed class ErasurePublisher(ProfileRegions regions, IEventLog log, WorkerHealth health, ILogger<ErasurePublisher> logger)
    : WakeableWorker("erasure publisher", Sweep, TimeSpan.FromMilliseconds(200), Sweep, health, logger)
{
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var region in regions.All)
            await PublishAsync(region.Database, cancellationToken);
    }

    /// <inheritdoc />
    protected override bool IsTransient(Exception exception) => PostgresErrors.IsTransient(exception) || exception is EventLogUnavailableException;

    private async Task PublishAsync(ProfilesDatabase database, CancellationToken cancellationToken)
    {
        await database.WaitUntilMigratedAsync(cancellationToken);
        var pending = new List<(Guid AthleteId, DateTime ErasedAt)>();
        await using (var select = database.DataSource.CreateCommand("SELECT athlete_id, erased_at FROM profiles.erasures WHERE published_at IS NULL ORDER BY erased_at LIMIT 500"))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                pending.Add((reader.GetGuid(0), reader.GetDateTime(1)));
        }

        foreach (var (athleteId, erasedAt) in pending)
        {
            var erased = new AthleteErased(athleteId, new DateTimeOffset(erasedAt).ToUnixTimeMilliseconds());
            await log.AppendAsync(Topics.Identity, new EventMessage(IdentityEventCodec.KeyOf(erased), IdentityEventCodec.Encode(erased)), cancellationToken);
            await using var update = PostgresCommands.Create(database.DataSource, "UPDATE profiles.erasures SET published_at = now() WHERE athlete_id = $1", athleteId);
            await update.ExecuteNonQueryAsync(cancellationToken);
            logger.LogInformation("Published the erasure of athlete {AthleteId}", athleteId);
        }
    }
}
