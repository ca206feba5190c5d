using FitnessDriver.EventLog;
using Npgsql;

namespace FitnessDriver.Postgres.Consumers;

/// <summary>A message read from the log together with its decoded form.</summary>
public sealed record Decoded<TMessage>(LogRecord Record, TMessage Message);

/// <summary>
/// A service's consumer: decodes records and applies them to its database. The worker running it commits the
/// consumer's positions in the same transaction as the effects, so each record takes effect exactly once.
/// </summary>
public interface IEventSink<TMessage>
    where TMessage : class
{
    /// <summary>The consumer group.</summary>
    string Group { get; }

    /// <summary>The topics it reads.</summary>
    IReadOnlyList<string> Topics { get; }

    /// <summary>The database it writes to; positions live in its schema.</summary>
    ServiceDatabase Database { get; }

    /// <summary>
    /// How long a batch keeps gathering records after its first ones, so that a busy log is applied in fewer, larger
    /// transactions; zero (the default) applies what is there at once.
    /// </summary>
    TimeSpan Linger => TimeSpan.Zero;

    /// <summary>
    /// Within the <see cref="Linger"/>, how long the log may have nothing new before the batch stops gathering: the end
    /// of a burst is applied at once instead of a full linger later. The default, the linger itself, never stops early.
    /// </summary>
    TimeSpan LingerQuiet => Linger;

    /// <summary>Records applied in one transaction at most.</summary>
    int MaxBatch => 2000;

    /// <summary>
    /// Decodes a record; <see langword="null"/> skips it (a type this sink does not handle, or data of an erased athlete).
    /// Throwing marks it poison, except <c>KeysUnavailableException</c>: then the batch waits and is tried again.
    /// </summary>
    ValueTask<TMessage?> DecodeAsync(LogRecord record, CancellationToken cancellationToken);

    /// <summary>Applies a batch inside <paramref name="transaction"/>; must not commit it.</summary>
    Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Decoded<TMessage>> batch, CancellationToken cancellationToken);

    /// <summary>Called after the batch's transaction committed (e.g. to wake an outbox publisher).</summary>
    Task OnCommittedAsync(IReadOnlyList<Decoded<TMessage>> batch, CancellationToken cancellationToken) => Task.CompletedTask;
}
