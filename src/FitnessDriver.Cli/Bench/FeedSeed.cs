using Npgsql;
using NpgsqlTypes;

namespace FitnessDriver.Cli.Bench;

/// <summary>
/// Bulk rows for the feed benchmark, written straight into the social schema with binary COPY: followers of one athlete,
/// members of one club, and athletes the reader follows with a history of feed items each.
/// </summary>
internal static class FeedSeed
{
    public static async Task FollowersAsync(NpgsqlDataSource database, Guid followee, int count, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var copy = await connection.BeginBinaryImportAsync("COPY social.follows (follower, followee, accepted) FROM STDIN (FORMAT BINARY)", cancellationToken);
        for (var i = 0; i < count; i++)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(followee, NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(true, NpgsqlDbType.Boolean, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    public static async Task MembersAsync(NpgsqlDataSource database, Guid clubId, int count, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var copy = await connection.BeginBinaryImportAsync("COPY social.club_members (club_id, athlete_id, role) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < count; i++)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(clubId, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync("member", NpgsqlDbType.Text, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using var update = new NpgsqlCommand("UPDATE social.clubs SET members = (SELECT count(*) FROM social.club_members WHERE club_id = $1) WHERE club_id = $1", connection);
        update.Parameters.Add(new NpgsqlParameter { Value = clubId });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The reader follows <paramref name="followees"/> athletes, each with <paramref name="items"/> level-ups over the last days.</summary>
    public static async Task FollowedHistoryAsync(NpgsqlDataSource database, Guid reader, int followees, int items, CancellationToken cancellationToken)
    {
        var authors = Enumerable.Range(0, followees).Select(_ => Guid.NewGuid()).ToList();
        var now = DateTime.UtcNow;
        var rows = authors.SelectMany((author, a) => Enumerable.Range(0, items).Select(i => (Item: Guid.NewGuid(), Author: author,
            At: now.AddMinutes(-(a * 7 + i * 97 % 5000) - 60)))).ToList();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var copy = await connection.BeginBinaryImportAsync("COPY social.follows (follower, followee, accepted) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var author in authors)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(reader, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(author, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(true, NpgsqlDbType.Boolean, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await WriteItemsAsync(connection, rows, row => row.Author, cancellationToken);
        await using var analyze = new NpgsqlCommand("ANALYZE social.follows; ANALYZE social.club_members; ANALYZE social.feed_items; ANALYZE social.feed_entries", connection);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary><paramref name="authors"/> members of the club have <paramref name="items"/> level-ups each in the club's feed.</summary>
    public static async Task ClubHistoryAsync(NpgsqlDataSource database, Guid clubId, int authors, int items, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var rows = Enumerable.Range(0, authors).Select(_ => Guid.NewGuid()).SelectMany((author, a) => Enumerable.Range(0, items)
            .Select(i => (Item: Guid.NewGuid(), Author: author, At: now.AddMinutes(-(a * 3 + i * 89 % 5000) - 60)))).ToList();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await WriteItemsAsync(connection, rows, _ => clubId, cancellationToken);
    }

    private static async Task WriteItemsAsync(NpgsqlConnection connection, List<(Guid Item, Guid Author, DateTime At)> rows, Func<(Guid Item, Guid Author, DateTime At), Guid> channel,
        CancellationToken cancellationToken)
    {
        await using (var copy = await connection.BeginBinaryImportAsync("COPY social.feed_items (item_id, athlete_id, type, occurred_at, details) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var row in rows)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(row.Item, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(row.Author, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync("level-up", NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(row.At, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync("{\"level\": 5, \"previousLevel\": 4}", NpgsqlDbType.Jsonb, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using var entries = await connection.BeginBinaryImportAsync("COPY social.feed_entries (channel, occurred_at, item_id) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await entries.StartRowAsync(cancellationToken);
            await entries.WriteAsync(channel(row), NpgsqlDbType.Uuid, cancellationToken);
            await entries.WriteAsync(row.At, NpgsqlDbType.TimestampTz, cancellationToken);
            await entries.WriteAsync(row.Item, NpgsqlDbType.Uuid, cancellationToken);
        }

        await entries.CompleteAsync(cancellationToken);
    }

    /// <summary>The baseline: what fanning one item out on write to every follower and member would cost, as one binary COPY of a row each.</summary>
    public static async Task<TimeSpan> FanOutOnWriteAsync(NpgsqlDataSource database, int readers, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE fan_out (reader uuid NOT NULL, occurred_at timestamptz NOT NULL, item_id uuid NOT NULL, PRIMARY KEY (reader, occurred_at, item_id))", connection))
            await create.ExecuteNonQueryAsync(cancellationToken);
        var item = Guid.NewGuid();
        var at = DateTime.UtcNow;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using (var copy = await connection.BeginBinaryImportAsync("COPY fan_out (reader, occurred_at, item_id) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < readers; i++)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(at, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(item, NpgsqlDbType.Uuid, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }
}
