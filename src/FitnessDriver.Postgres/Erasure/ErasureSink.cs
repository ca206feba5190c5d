using FitnessDriver.Contracts.Identity;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres.Consumers;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FitnessDriver.Postgres.Erasure;

/// <summary>
/// Reads <see cref="AthleteErased"/> from the identity topic and deletes the athlete from one service's database. The
/// deletions and the consumer's position commit together, so an erasure interrupted by a crash is done again, whole.
/// </summary>
public sealed class ErasureSink<TEraser>(TEraser eraser, ILogger<ErasureSink<TEraser>> logger) : IEventSink<AthleteErased>
    where TEraser : IAthleteEraser
{
    /// <inheritdoc />
    public string Group => eraser.Database.Schema + "-erasure";

    /// <inheritdoc />
    public IReadOnlyList<string> Topics { get; } = [Contracts.Topics.Identity];

    /// <inheritdoc />
    public ServiceDatabase Database => eraser.Database;

    /// <inheritdoc />
    public ValueTask<AthleteErased?> DecodeAsync(LogRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ValueTask.FromResult(IdentityEventCodec.Decode(record.Value.Span) as AthleteErased);
    }

    /// <inheritdoc />
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Decoded<AthleteErased>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var erased in batch.Select(b => b.Message).DistinctBy(e => e.AthleteId))
        {
            var schema = eraser.Database.Schema;
            if (!await ErasedAthletes.MarkAsync(connection, transaction, schema, erased.AthleteId, DateTimeOffset.FromUnixTimeMilliseconds(erased.ErasedAt).UtcDateTime, cancellationToken))
                continue;
            var deleted = await eraser.EraseAsync(connection, transaction, erased.AthleteId, cancellationToken);
            await ErasedAthletes.SetDeletedAsync(connection, transaction, schema, erased.AthleteId, deleted, cancellationToken);
            logger.LogInformation("Erased athlete {AthleteId} from {Schema}: {Deleted}", erased.AthleteId, schema,
                string.Join(", ", deleted.Select(d => $"{d.Key} {d.Value}")));
        }
    }
}
