using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Privacy;
using FitnessDriver.Postgres;
using FitnessDriver.ServiceDefaults.Privacy;
using Npgsql;

namespace FitnessDriver.Social.Feed;

/// <summary>Kudos, comments (sealed with their writer's data key) and reports.</summary>
public sealed class CommentStore(SocialDatabase database, IAthleteKeys keys)
{
    /// <summary>Gives kudos; false when already given.</summary>
    public static async Task<bool> GiveKudosAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid itemId, Guid athleteId, CancellationToken cancellationToken) =>
        await PostgresCommands.ExecuteAsync(connection, transaction, "INSERT INTO social.kudos (item_id, athlete_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            cancellationToken, itemId, athleteId) == 1;

    /// <summary>Takes kudos back.</summary>
    public static Task<int> TakeKudosAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid itemId, Guid athleteId, CancellationToken cancellationToken) =>
        PostgresCommands.ExecuteAsync(connection, transaction, "DELETE FROM social.kudos WHERE item_id = $1 AND athlete_id = $2", cancellationToken, itemId, athleteId);

    /// <summary>Who gave kudos, newest first, leaving out those the viewer and they block between them.</summary>
    public async Task<(List<AthleteCard> Items, PageCursor? Next)> KudosAsync(Guid itemId, Guid viewer, PageCursor after, int limit, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, """
            SELECT athlete_id, given_at FROM social.kudos k
            WHERE item_id = $1 AND (given_at, athlete_id) < ($2, $3)
              AND NOT EXISTS (SELECT 1 FROM social.blocks b WHERE (b.blocker = k.athlete_id AND b.blocked = $5) OR (b.blocker = $5 AND b.blocked = k.athlete_id))
            ORDER BY given_at DESC, athlete_id DESC LIMIT $4
            """, itemId, after.At, after.Id, limit + 1, viewer);
        var rows = new List<(Guid Id, DateTime At)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add((reader.GetGuid(0), reader.GetDateTime(1)));
        var next = rows.Count > limit ? new PageCursor(rows[limit - 1].At, rows[limit - 1].Id) : (PageCursor?)null;
        return ([.. rows.Take(limit).Select(r => new AthleteCard(r.Id, null, IsoTime.From(r.At)))], next);
    }

    /// <summary>Adds a comment.</summary>
    public static async Task<CommentView> AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid itemId, Guid athleteId, byte[] key, string text,
        CancellationToken cancellationToken)
    {
        var commentId = Guid.NewGuid();
        await using var insert = PostgresCommands.Create(connection, transaction,
            "INSERT INTO social.comments (comment_id, item_id, athlete_id, sealed_text) VALUES ($1, $2, $3, $4) RETURNING created_at",
            commentId, itemId, athleteId, Sealed.Seal(key, athleteId, Purposes.Comment, text));
        var createdAt = (DateTime)(await insert.ExecuteScalarAsync(cancellationToken))!;
        return new CommentView(commentId, athleteId, null, text, IsoTime.From(createdAt));
    }

    /// <summary>An item's comments, oldest first, leaving out those of athletes the viewer and they block between them (at most 500).</summary>
    public async Task<List<CommentView>> ListAsync(Guid itemId, Guid viewer, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, """
            SELECT comment_id, athlete_id, sealed_text, created_at FROM social.comments c
            WHERE item_id = $1
              AND NOT EXISTS (SELECT 1 FROM social.blocks b WHERE (b.blocker = c.athlete_id AND b.blocked = $2) OR (b.blocker = $2 AND b.blocked = c.athlete_id))
            ORDER BY created_at, comment_id LIMIT 500
            """, itemId, viewer);
        var rows = new List<(Guid Id, Guid Athlete, byte[] Text, DateTime At)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                rows.Add((reader.GetGuid(0), reader.GetGuid(1), (byte[])reader[2], reader.GetDateTime(3)));
        }

        var comments = new List<CommentView>();
        foreach (var row in rows)
        {
            // A writer erased a moment ago has no key left: their comment is unreadable, and goes with the erasure.
            if (await keys.FindAsync(row.Athlete, cancellationToken) is { } key)
                comments.Add(new CommentView(row.Id, row.Athlete, null, Sealed.OpenText(key, Purposes.Comment, row.Text), IsoTime.From(row.At)));
        }

        return comments;
    }

    /// <summary>The comments an athlete wrote, newest first.</summary>
    public async Task<(List<MyComment> Items, PageCursor? Next)> WrittenByAsync(Guid athleteId, PageCursor after, int limit, CancellationToken cancellationToken)
    {
        if (await keys.FindAsync(athleteId, cancellationToken) is not { } key)
            return ([], null);
        await using var command = PostgresCommands.Create(database.DataSource, """
            SELECT comment_id, item_id, sealed_text, created_at FROM social.comments
            WHERE athlete_id = $1 AND (created_at, comment_id) < ($2, $3) ORDER BY created_at DESC, comment_id DESC LIMIT $4
            """, athleteId, after.At, after.Id, limit + 1);
        var rows = new List<(MyComment Comment, DateTime At)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var at = reader.GetDateTime(3);
            rows.Add((new MyComment(reader.GetGuid(0), reader.GetGuid(1), Sealed.OpenText(key, Purposes.Comment, (byte[])reader[2]), IsoTime.From(at)), at));
        }

        var next = rows.Count > limit ? new PageCursor(rows[limit - 1].At, rows[limit - 1].Comment.CommentId) : (PageCursor?)null;
        return ([.. rows.Take(limit).Select(r => r.Comment)], next);
    }

    /// <summary>Who wrote the comment, or null when the item has no such comment.</summary>
    public async Task<Guid?> WriterAsync(Guid itemId, Guid commentId, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, "SELECT athlete_id FROM social.comments WHERE comment_id = $1 AND item_id = $2", commentId, itemId);
        return (Guid?)await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Whether the club's feed carries the item.</summary>
    public async Task<bool> InClubFeedAsync(Guid clubId, Guid itemId, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, "SELECT EXISTS (SELECT 1 FROM social.feed_entries WHERE channel = $1 AND item_id = $2)", clubId, itemId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Deletes a comment and its reports.</summary>
    public async Task DeleteAsync(Guid commentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await PostgresCommands.ExecuteAsync(connection, null, "DELETE FROM social.comments WHERE comment_id = $1", cancellationToken, commentId);
    }

    /// <summary>Records a report (once per reporter).</summary>
    public async Task ReportAsync(Guid commentId, Guid reporter, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await PostgresCommands.ExecuteAsync(connection, null, "INSERT INTO social.reports (comment_id, reporter, reason) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            cancellationToken, commentId, reporter, reason);
    }
}
