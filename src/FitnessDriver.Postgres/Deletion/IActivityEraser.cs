using Npgsql;

namespace FitnessDriver.Postgres.Deletion;

/// <summary>Deletes everything a service stores of one activity; run by <see cref="ActivityDeletionSink{TEraser}"/>.</summary>
public interface IActivityEraser
{
    /// <summary>The service's database.</summary>
    ServiceDatabase Database { get; }

    /// <summary>Deletes the activity's rows inside <paramref name="transaction"/>; returns how many went, by kind.</summary>
    Task<IReadOnlyDictionary<string, long>> DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid activityId, Guid athleteId,
        CancellationToken cancellationToken);
}
