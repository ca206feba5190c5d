using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Erasure;
using FitnessDriver.Telemetry.Archives;
using Npgsql;

namespace FitnessDriver.Telemetry;

/// <summary>
/// Deletes an athlete's archive imports (the jobs, what became of each file, and archives not yet imported) and what the
/// activity store knows of their activities.
/// </summary>
public sealed class TelemetryEraser(TelemetryDatabase database) : IAthleteEraser
{
    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> EraseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid athleteId,
        CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(await ArchiveJobs.EraseAsync(connection, transaction, athleteId, cancellationToken))
        {
            ["activities"] = await PostgresCommands.ExecuteAsync(connection, transaction, "DELETE FROM telemetry.activities WHERE athlete_id = $1",
                cancellationToken, athleteId),
        };
        return counts;
    }
}
