using FitnessDriver.Contracts.Api;
namespace FitnessDriver.Social.Groups;

/// <summary>A member as the standings see them: how far they are, whether they finished, and their rank in the last update.</summary>
public sealed record Standing(Guid AthleteId, double DistanceM, bool Finished, int? PreviousRank);

/// <summary>Ranks in a session and who passed whom since the last update.</summary>
public static class GroupStandings
{
    /// <summary>Ranks by distance, furthest first; members as far as each other share a rank (1, 1, 3).</summary>
    public static Dictionary<Guid, int> Rank(IReadOnlyCollection<Standing> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var ranks = new Dictionary<Guid, int>(members.Count);
        var ordered = members.OrderByDescending(m => m.DistanceM).ThenBy(m => m.AthleteId).ToList();
        for (var i = 0; i < ordered.Count; i++)
            ranks[ordered[i].AthleteId] = i > 0 && ordered[i].DistanceM == ordered[i - 1].DistanceM ? ranks[ordered[i - 1].AthleteId] : i + 1;
        return ranks;
    }

    /// <summary>
    /// What <paramref name="member"/>'s update shows of a session ranked in <paramref name="ranked"/>: the first
    /// <paramref name="leaders"/> and the <paramref name="neighbours"/> on either side of the member, in rank order.
    /// </summary>
    public static List<GroupMemberView> Around(IReadOnlyList<GroupMemberView> ranked, Guid member, int leaders, int neighbours)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        var at = -1;
        for (var i = 0; i < ranked.Count && at < 0; i++)
            at = ranked[i].AthleteId == member ? i : -1;
        return [.. ranked.Where((_, i) => i < leaders || (at >= 0 && Math.Abs(i - at) <= neighbours))];
    }

    /// <summary>
    /// Who passed whom: a member ranked behind another in the last update who is now ahead of them by at least
    /// <paramref name="marginM"/>. A member who finished is not passed (they stopped racing), nor is anyone new to the standings.
    /// </summary>
    public static List<(Guid Passer, Guid Passed)> Passes(IReadOnlyCollection<Standing> members, double marginM)
    {
        ArgumentNullException.ThrowIfNull(members);
        var passes = new List<(Guid, Guid)>();
        foreach (var passer in members.Where(m => m.PreviousRank is not null))
        {
            foreach (var passed in members.Where(m => !m.Finished && m.PreviousRank < passer.PreviousRank && passer.DistanceM >= m.DistanceM + marginM))
                passes.Add((passer.AthleteId, passed.AthleteId));
        }

        return passes;
    }

    /// <summary>
    /// The ranks to compare the next update with: the new ones, except that a member who got ahead of someone by less than
    /// <paramref name="marginM"/> and that someone keep their last ones, so the pass is announced once the lead reaches the margin.
    /// </summary>
    public static Dictionary<Guid, int> Remembered(IReadOnlyCollection<Standing> members, IReadOnlyDictionary<Guid, int> ranks, double marginM)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(ranks);
        var pending = new HashSet<Guid>();
        foreach (var ahead in members.Where(m => m.PreviousRank is not null))
        {
            foreach (var behind in members.Where(o => !o.Finished && o.PreviousRank < ahead.PreviousRank && ahead.DistanceM > o.DistanceM && ahead.DistanceM < o.DistanceM + marginM))
            {
                pending.Add(ahead.AthleteId);
                pending.Add(behind.AthleteId);
            }
        }

        return members.ToDictionary(m => m.AthleteId, m => pending.Contains(m.AthleteId) ? m.PreviousRank!.Value : ranks[m.AthleteId]);
    }
}
