using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Deletion;
using Npgsql;

namespace FitnessDriver.TimeSeries;

/// <summary>Deletes one activity: its samples, sealed positions, devices, summary, XP, the activities merged into it, and its row.</summary>
public sealed class TimeSeriesActivityEraser(TimeSeriesDatabase database) : IActivityEraser
{
    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid activityId, Guid athleteId,
        CancellationToken cancellationToken)
    {
        await PostgresCommands.ExecuteAsync(connection, transaction, "SET LOCAL timescaledb.max_tuples_decompressed_per_dml_transaction = 0", cancellationToken);
        async Task<long> DeleteAsync(string sql) => await PostgresCommands.ExecuteAsync(connection, transaction, sql, cancellationToken, activityId, athleteId);
        return new Dictionary<string, long>
        {
            // The edge checked the owner before it wrote the deletion; samples and XP rows do not name one.
            ["samples"] = await DeleteAsync("DELETE FROM timeseries.samples WHERE activity_id = $1 AND $2::uuid IS NOT NULL"),
            ["rollups"] = await DeleteAsync("DELETE FROM timeseries.rollups_10s WHERE activity_id = $1 AND $2::uuid IS NOT NULL")
                + await DeleteAsync("DELETE FROM timeseries.rollups_1m WHERE activity_id = $1 AND $2::uuid IS NOT NULL"),
            ["positionBlocks"] = await DeleteAsync("DELETE FROM timeseries.positions WHERE activity_id = $1 AND athlete_id = $2"),
            ["devices"] = await DeleteAsync("DELETE FROM timeseries.activity_devices WHERE activity_id = $1 AND athlete_id = $2"),
            ["summaries"] = await DeleteAsync("DELETE FROM timeseries.activity_summaries WHERE activity_id = $1 AND $2::uuid IS NOT NULL"),
            ["xp"] = await DeleteAsync("DELETE FROM timeseries.activity_xp WHERE activity_id = $1 AND $2::uuid IS NOT NULL"),
            ["merges"] = await DeleteAsync("DELETE FROM timeseries.activity_aliases WHERE (activity_id = $1 OR canonical_id = $1) AND athlete_id = $2"),
            ["activities"] = await DeleteAsync("DELETE FROM timeseries.activities WHERE activity_id = $1 AND athlete_id = $2"),
        };
    }
}
