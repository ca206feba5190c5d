using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Erasure;
using FitnessDriver.Telemetry.Archives;
using Npgsql;

namespace FitnessDriver.Telemetry;

/// <summary>Deletes an athlete's archive imports: the jobs, what became of each file, and archives not yet imported.</summary>
public sealed class TelemetryEraser(TelemetryDatabase database) : IAthleteEraser
{
    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, long>> EraseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid athleteId, CancellationToken cancellationToken) =>
        ArchiveJobs.EraseAsync(connection, transaction, athleteId, cancellationToken);
}
