using FitnessDriver.Contracts.Activities;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using Npgsql;

namespace FitnessDriver.Social.Groups;

/// <summary>
/// Starts and finishes of the activities of athletes in live group sessions: a member who named no activity at join
/// records in the first one they start after it; a member whose activity finishes is finished in the session.
/// </summary>
public sealed class GroupLifecycleSink(SocialDatabase database, LiveAthletes live, GroupBroadcaster broadcaster) : IEventSink<ActivityEvent>
{
    /// <summary>The consumer group.</summary>
    public const string GroupName = "social-group-activities";

    /// <summary>An activity started this long before joining still counts as started after it (the phone's clock is not the server's).</summary>
    private static readonly TimeSpan JoinSlack = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public string Group => GroupName;

    /// <inheritdoc />
    public IReadOnlyList<string> Topics { get; } = [Contracts.Topics.ActivityLifecycle];

    /// <inheritdoc />
    public ServiceDatabase Database => database;

    /// <inheritdoc />
    public ValueTask<ActivityEvent?> DecodeAsync(LogRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ValueTask.FromResult(Guid.TryParse(record.Key, out var athleteId) && live.Contains(athleteId)
            && ActivityEventCodec.Decode(record.Value.Span) is { } e and (ActivityStarted or ActivityFinished) ? e : null);
    }

    /// <inheritdoc />
    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Decoded<ActivityEvent>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var members = await GroupLocks.LockMembersAsync(connection, transaction, [.. batch.Select(b => b.Message.AthleteId).Distinct()], cancellationToken);
        foreach (var message in batch.Select(b => b.Message))
        {
            foreach (var member in members.Where(m => m.AthleteId == message.AthleteId))
            {
                if (message is ActivityStarted started && member.ActivityId is null
                    && DateTimeOffset.FromUnixTimeMilliseconds(started.StartedAt) >= new DateTimeOffset(member.JoinedAt, TimeSpan.Zero) - JoinSlack)
                {
                    await PostgresCommands.ExecuteAsync(connection, transaction, """
                        UPDATE social.group_members SET activity_id = $3 WHERE session_id = $1 AND athlete_id = $2 AND activity_id IS NULL
                        """, cancellationToken, member.SessionId, member.AthleteId, started.ActivityId);
                }
                else if (message is ActivityFinished finished)
                {
                    await PostgresCommands.ExecuteAsync(connection, transaction, """
                        UPDATE social.group_members SET finished_at = coalesce(finished_at, now()) WHERE session_id = $1 AND athlete_id = $2 AND activity_id = $3
                        """, cancellationToken, member.SessionId, member.AthleteId, finished.ActivityId);
                }
            }
        }
    }

    /// <inheritdoc />
    public Task OnCommittedAsync(IReadOnlyList<Decoded<ActivityEvent>> batch, CancellationToken cancellationToken)
    {
        broadcaster.Wake();
        return Task.CompletedTask;
    }
}
