using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Erasure;
using Npgsql;

namespace FitnessDriver.TimeSeries;

/// <summary>
/// Deletes an athlete's activities, samples (by activity: TimescaleDB's compressed chunks are segmented by it, so whole
/// compressed batches go without touching anyone else's), sealed positions, devices, summaries, merges and XP.
/// </summary>
public sealed class TimeSeriesEraser(TimeSeriesDatabase database) : IAthleteEraser
{
    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> EraseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid athleteId, CancellationToken cancellationToken)
    {
        var activities = new List<Guid>();
        await using (var select = PostgresCommands.Create(connection, transaction, """
            SELECT activity_id FROM timeseries.activities WHERE athlete_id = $1
            UNION SELECT activity_id FROM timeseries.activity_aliases WHERE athlete_id = $1
            UNION SELECT activity_id FROM timeseries.activity_devices WHERE athlete_id = $1
            """, athleteId))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                activities.Add(reader.GetGuid(0));
        }

        var ids = activities.ToArray();
        // A long history is many compressed batches; TimescaleDB's cap on tuples decompressed per statement would stop the erasure.
        await PostgresCommands.ExecuteAsync(connection, transaction, "SET LOCAL timescaledb.max_tuples_decompressed_per_dml_transaction = 0", cancellationToken);
        async Task<long> DeleteAsync(string sql, params object[] values) => await PostgresCommands.ExecuteAsync(connection, transaction, sql, cancellationToken, values);
        var deleted = new Dictionary<string, long>
        {
            ["samples"] = await DeleteAsync("DELETE FROM timeseries.samples WHERE activity_id = ANY($1)", ids),
            ["rollups"] = await DeleteAsync("DELETE FROM timeseries.rollups_10s WHERE activity_id = ANY($1)", ids)
                + await DeleteAsync("DELETE FROM timeseries.rollups_1m WHERE activity_id = ANY($1)", ids),
            ["positionBlocks"] = await DeleteAsync("DELETE FROM timeseries.positions WHERE athlete_id = $1", athleteId),
            ["devices"] = await DeleteAsync("DELETE FROM timeseries.activity_devices WHERE activity_id = ANY($1)", ids),
            ["summaries"] = await DeleteAsync("DELETE FROM timeseries.activity_summaries WHERE activity_id = ANY($1)", ids),
            ["xp"] = await DeleteAsync("DELETE FROM timeseries.activity_xp WHERE activity_id = ANY($1)", ids),
            ["merges"] = await DeleteAsync("DELETE FROM timeseries.activity_aliases WHERE athlete_id = $1", athleteId),
            ["activities"] = await DeleteAsync("DELETE FROM timeseries.activities WHERE athlete_id = $1", athleteId),
        };
        return deleted;
    }
}
