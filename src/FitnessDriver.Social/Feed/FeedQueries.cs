using System.Text.Json.Nodes;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Postgres;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Social.Feed;

/// <summary>Reads feeds: a reader's (the channels of those they follow, their clubs and their own) or one club's.</summary>
public sealed class FeedQueries(SocialDatabase database)
{
    // An activity's distance and moving time: the best device's, its merged duplicates' devices included.
    private const string ActivityFigures = """
        LEFT JOIN social.activities a ON a.activity_id = i.activity_id
        LEFT JOIN LATERAL (
            SELECT max(t.distance_m) AS distance_m, max(t.moving_s) AS moving_s FROM social.tallies t
            WHERE i.type = 'activity' AND (t.activity_id = i.activity_id
                OR t.activity_id IN (SELECT m.activity_id FROM social.activities m WHERE m.merged_into = i.activity_id))) f ON true
        """;

    /// <summary>
    /// A page of the feed <paramref name="viewer"/> may see, newest first: with <paramref name="clubId"/> that club's, otherwise
    /// their own. Each channel gives its newest entries from an index, the newest of all are the candidates, and only they are
    /// checked for what the viewer may see; when too many of them are hidden, the next candidates are read.
    /// </summary>
    public async Task<FeedPage> PageAsync(Guid viewer, Guid? clubId, PageCursor after, int limit, IDisplayNames names, CancellationToken cancellationToken)
    {
        var visible = new List<(DateTime At, FeedItem Item)>();
        var from = after;
        while (visible.Count <= limit)
        {
            var (candidates, last) = await CandidatesAsync(viewer, clubId, from, 2 * limit + 1, cancellationToken);
            visible.AddRange(candidates);
            if (last is not { } next)
                break;
            from = next;
        }

        var more = visible.Count > limit ? new PageCursor(visible[limit - 1].At, visible[limit - 1].Item.ItemId) : (PageCursor?)null;
        var page = visible.Take(limit).Select(i => i.Item).ToList();
        var found = await names.FindAsync([.. page.Select(i => i.AthleteId).Distinct()], cancellationToken);
        return new FeedPage([.. page.Select(i => i with { DisplayName = found.GetValueOrDefault(i.AthleteId) })], more?.ToString());
    }

    /// <summary>The visible items among the newest <paramref name="count"/> entries after <paramref name="after"/>, and the last entry read when there may be more.</summary>
    private async Task<(List<(DateTime At, FeedItem Item)> Visible, PageCursor? Last)> CandidatesAsync(Guid viewer, Guid? clubId, PageCursor after, int count,
        CancellationToken cancellationToken)
    {
        var channels = clubId is null
            ? """
              SELECT followee AS channel FROM social.follows WHERE follower = $1 AND accepted
              UNION SELECT club_id FROM social.club_members WHERE athlete_id = $1
              UNION SELECT $1
              """
            : "SELECT $5::uuid AS channel";
        await using var command = PostgresCommands.Create(database.DataSource, $"""
            WITH channels AS ({channels}),
            candidates AS (
                SELECT DISTINCT e.occurred_at, e.item_id FROM channels c CROSS JOIN LATERAL (
                    SELECT e.occurred_at, e.item_id FROM social.feed_entries e
                    WHERE e.channel = c.channel AND (e.occurred_at, e.item_id) < ($2, $3)
                    ORDER BY e.occurred_at DESC, e.item_id DESC LIMIT $4) e
                ORDER BY e.occurred_at DESC, e.item_id DESC LIMIT $4)
            {ItemSelect}, social.may_see($1, i.athlete_id, coalesce(a.visibility, 'everyone'))
            FROM candidates p JOIN social.feed_items i ON i.item_id = p.item_id
            {ActivityFigures}
            ORDER BY p.occurred_at DESC, p.item_id DESC
            """, viewer, after.At, after.Id, count, clubId ?? Guid.Empty);
        var rows = await ReadAsync(command, withVisibility: true, cancellationToken);
        var last = rows.Count == count ? new PageCursor(rows[^1].At, rows[^1].Item.ItemId) : (PageCursor?)null;
        return ([.. rows.Where(r => r.Visible).Select(r => (r.At, r.Item))], last);
    }

    /// <summary>One item, when <paramref name="viewer"/> may see it.</summary>
    public async Task<FeedItem?> FindAsync(Guid viewer, Guid itemId, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, $"""
            {ItemSelect}
            FROM social.feed_items i
            {ActivityFigures}
            WHERE i.item_id = $2 AND social.may_see($1, i.athlete_id, coalesce(a.visibility, 'everyone'))
            """, viewer, itemId);
        return (await ReadAsync(command, withVisibility: false, cancellationToken)).Select(i => i.Item).FirstOrDefault();
    }

    /// <summary>The club members' week, from <paramref name="weekStart"/>: what the viewer may see of it, most distance first (100 at most).</summary>
    public async Task<List<ClubLeaderboardEntry>> ClubWeekAsync(Guid clubId, Guid viewer, DateTime weekStart, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, """
            SELECT m.athlete_id, sum(f.distance_m), sum(f.moving_s), count(*)
            FROM social.club_members m
            JOIN social.activities a ON a.athlete_id = m.athlete_id AND a.started_at >= $3 AND a.merged_into IS NULL
            JOIN LATERAL (
                SELECT coalesce(max(t.distance_m), 0) AS distance_m, coalesce(max(t.moving_s), 0) AS moving_s FROM social.tallies t
                WHERE t.activity_id = a.activity_id OR t.activity_id IN (SELECT d.activity_id FROM social.activities d WHERE d.merged_into = a.activity_id)) f ON true
            WHERE m.club_id = $1 AND social.may_see($2, m.athlete_id, a.visibility)
            GROUP BY m.athlete_id ORDER BY sum(f.distance_m) DESC, m.athlete_id LIMIT 100
            """, clubId, viewer, DateTime.SpecifyKind(weekStart, DateTimeKind.Utc));
        var rows = new List<ClubLeaderboardEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new ClubLeaderboardEntry(rows.Count + 1, reader.GetGuid(0), null, reader.GetDouble(1), reader.GetDouble(2), reader.GetInt64(3)));
        return rows;
    }

    private const string ItemSelect = """
        SELECT i.item_id, i.type, i.athlete_id, i.occurred_at, i.activity_id, i.details::text, f.distance_m, f.moving_s,
               (SELECT count(*) FROM social.kudos k WHERE k.item_id = i.item_id),
               EXISTS (SELECT 1 FROM social.kudos k WHERE k.item_id = i.item_id AND k.athlete_id = $1),
               (SELECT count(*) FROM social.comments c WHERE c.item_id = i.item_id)
        """;

    private static async Task<List<(DateTime At, FeedItem Item, bool Visible)>> ReadAsync(Npgsql.NpgsqlCommand command, bool withVisibility, CancellationToken cancellationToken)
    {
        var items = new List<(DateTime, FeedItem, bool)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var details = JsonNode.Parse(reader.GetString(5))!.AsObject();
            if (reader.GetString(1) == "activity")
            {
                details["distanceM"] = reader.IsDBNull(6) ? 0 : Math.Round(reader.GetDouble(6), 1);
                details["movingS"] = reader.IsDBNull(7) ? 0 : Math.Round(reader.GetDouble(7));
                if (DateTimeOffset.TryParse(details["startedAt"]?.ToString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var start)
                    && DateTimeOffset.TryParse(details["finishedAt"]?.ToString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var end))
                    details["elapsedS"] = Math.Round((end - start).TotalSeconds);
            }

            var at = reader.GetDateTime(3);
            items.Add((at, new FeedItem(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), null, IsoTime.From(at),
                reader.IsDBNull(4) ? null : reader.GetGuid(4), details, reader.GetInt64(8), reader.GetBoolean(9), reader.GetInt64(10)), !withVisibility || reader.GetBoolean(11)));
        }

        return items;
    }
}
