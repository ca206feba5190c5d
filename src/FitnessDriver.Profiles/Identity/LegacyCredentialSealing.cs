using FitnessDriver.Contracts.Privacy;
using FitnessDriver.Hosting;
using FitnessDriver.Postgres;
using FitnessDriver.Profiles.Privacy;

namespace FitnessDriver.Profiles.Identity;

/// <summary>
/// Seals the usernames stored before usernames were sealed, once per start: each gets its athlete's data key, a
/// sealed copy and its blind index, and the plain column is cleared. Sign-in finds a credential either way meanwhile.
/// </summary>
public sealed class LegacyCredentialSealing(ProfileRegions regions, AthleteKeyStore keys, IMasterKey masterKey, WorkerHealth health,
    ILogger<LegacyCredentialSealing> logger) : SupervisedWorker("legacy credential sealing", health, logger)
{
    private const int BatchSize = 500;

    /// <inheritdoc />
    protected override Task RunAsync(CancellationToken stoppingToken) => SealAllAsync(stoppingToken);

    /// <summary>Seals every plain username in every region, waiting out an unavailable database.</summary>
    public async Task SealAllAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        foreach (var region in regions.All)
        {
            while (true)
            {
                try
                {
                    var sealedNow = await SealBatchAsync(region.Database, cancellationToken);
                    ReportProgress();
                    if (sealedNow < BatchSize)
                        break;
                }
                catch (Exception e) when (PostgresErrors.IsTransient(e) || e is ServiceDefaults.Privacy.KeysUnavailableException)
                {
                    var delay = backoff.Next();
                    logger.LogWarning("Sealing stored usernames waits for the database ({Reason}); retrying in {Delay} ms", e.Message, (int)delay.TotalMilliseconds);
                    await Task.Delay(delay, cancellationToken);
                }
            }
        }
    }

    private async Task<int> SealBatchAsync(ProfilesDatabase database, CancellationToken cancellationToken)
    {
        await database.WaitUntilMigratedAsync(cancellationToken);
        var plain = new List<(Guid AthleteId, string Username)>();
        await using (var select = PostgresCommands.Create(database.DataSource,
            "SELECT athlete_id, username FROM profiles.credentials WHERE username IS NOT NULL LIMIT $1", BatchSize))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                plain.Add((reader.GetGuid(0), reader.GetString(1)));
        }

        foreach (var (athleteId, username) in plain)
        {
            var key = await keys.FindAsync(athleteId, cancellationToken);
            if (key is null)
                continue;
            await using var update = PostgresCommands.Create(database.DataSource, """
                UPDATE profiles.credentials SET sealed_username = $2, username_key = $3, username = NULL WHERE athlete_id = $1 AND username = $4
                """, athleteId, Sealed.Seal(key, athleteId, Purposes.Username, username), Credentials.BlindIndex(masterKey, username), username);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        if (plain.Count > 0)
            logger.LogInformation("Sealed {Count} stored usernames in region {Region}", plain.Count, database.Region);
        return plain.Count;
    }
}
