using FitnessDriver.Contracts.Api;
using FitnessDriver.Social.Feed;
using Npgsql;

namespace FitnessDriver.Social.Groups;

/// <summary>A member row of <c>social.group_members</c>, as the consumers and the updates read it.</summary>
/// <remarks>The track's latest position is not in <see cref="MemberTrack.Tally"/> but sealed in <see cref="SealedPosition"/>, for the samples consumer to open.</remarks>
public sealed record MemberRow(Guid SessionId, Guid AthleteId, DateTime JoinedAt, Guid? ActivityId, MemberTrack Track, bool Finished, bool FinishSent, int? Rank,
    byte[]? SealedPosition = null);

/// <summary>Reads member rows and turns them into what the API and the updates show.</summary>
internal static class MemberRows
{
    /// <summary>The columns <see cref="Read"/> reads, in order, of <c>social.group_members m</c>.</summary>
    public const string Columns = """
        m.session_id, m.athlete_id, m.joined_at, m.activity_id, m.device_id, m.first_t, m.last_t, m.distance_m, m.moving_s, m.last_distance, m.last_position,
        m.anchor_t, m.anchor_m, m.recent_t, m.recent_m, m.hr, m.hr_t, m.finished_at IS NOT NULL, m.finish_sent, m.rank
        """;

    public static async Task<List<MemberRow>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<MemberRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(Read(reader));
        return rows;
    }

    public static MemberRow Read(NpgsqlDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        double? Double(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
        long? Long(int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);
        var tally = reader.IsDBNull(5) ? null : new DeviceTally(reader.GetInt64(5), reader.GetInt64(6), reader.GetDouble(7), reader.GetDouble(8), Double(9), null, null);
        var track = new MemberTrack(reader.IsDBNull(4) ? null : reader.GetString(4), tally, Long(11), Double(12), Long(13), Double(14),
            reader.IsDBNull(15) ? null : reader.GetInt32(15), Long(16));
        return new MemberRow(reader.GetGuid(0), reader.GetGuid(1), reader.GetDateTime(2), reader.IsDBNull(3) ? null : reader.GetGuid(3), track, reader.GetBoolean(17),
            reader.GetBoolean(18), reader.IsDBNull(19) ? null : reader.GetInt32(19), reader.IsDBNull(10) ? null : (byte[])reader[10]);
    }

    /// <summary>The members as the standings see them.</summary>
    public static List<Standing> Standings(IEnumerable<MemberRow> members) =>
        [.. members.Select(m => new Standing(m.AthleteId, Math.Round(m.Track.DistanceM, 1), m.Finished, m.Rank))];

    /// <summary>The members as shown, in rank order.</summary>
    public static List<GroupMemberView> Views(IReadOnlyList<MemberRow> members, IReadOnlyDictionary<Guid, string> names, int maxHr)
    {
        var ranks = GroupStandings.Rank(Standings(members));
        return [.. members.Select(m => new GroupMemberView(m.AthleteId, names.GetValueOrDefault(m.AthleteId), m.ActivityId, Math.Round(m.Track.DistanceM, 1),
            m.Track.PaceSPerKm, m.Track.HrZone(maxHr), m.Finished, ranks[m.AthleteId])).OrderBy(v => v.Rank).ThenBy(v => v.AthleteId)];
    }
}
