using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace FitnessDriver.Social.Groups;

/// <summary>Sessions as the API shows them, with the names the caller's request looks up.</summary>
public sealed class GroupViews(GroupStore store, GroupNames groupNames, IDisplayNames names, IOptions<GroupOptions> options)
{
    /// <summary>One session.</summary>
    public async Task<GroupSessionView> OneAsync(Guid sessionId, CancellationToken cancellationToken) =>
        (await ManyAsync([(await store.FindAsync(sessionId, cancellationToken))!], cancellationToken))[0];

    /// <summary>Sessions with their members.</summary>
    public async Task<List<GroupSessionView>> ManyAsync(IReadOnlyList<SessionRow> sessions, CancellationToken cancellationToken)
    {
        var members = await store.MembersAsync([.. sessions.Select(s => s.SessionId)], cancellationToken);
        var found = await names.FindAsync([.. members.Select(m => m.AthleteId).Distinct()], cancellationToken);
        groupNames.Remember(found);
        return [.. sessions.Select(s => ToView(s, [.. members.Where(m => m.SessionId == s.SessionId)], found, options.Value.MaxHeartRate))];
    }

    /// <summary>A session and its members.</summary>
    public static GroupSessionView ToView(SessionRow session, IReadOnlyList<MemberRow> members, IReadOnlyDictionary<Guid, string> names, int maxHr)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new GroupSessionView(session.SessionId, session.Name, session.ClubId, session.HostId, IsoTime.From(session.StartedAt), MemberRows.Views(members, names, maxHr));
    }
}
