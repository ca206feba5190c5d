using Npgsql;

namespace FitnessDriver.Postgres.Erasure;

/// <summary>Deletes everything a service stores of one athlete (GDPR art. 17); run by <see cref="ErasureSink{TEraser}"/>.</summary>
public interface IAthleteEraser
{
    /// <summary>The service's database.</summary>
    ServiceDatabase Database { get; }

    /// <summary>Deletes the athlete's rows inside <paramref name="transaction"/>; returns how many went, by kind. Must be idempotent.</summary>
    Task<IReadOnlyDictionary<string, long>> EraseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid athleteId, CancellationToken cancellationToken);
}
