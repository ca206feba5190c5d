using FitnessDriver.Contracts.Api;
using FitnessDriver.Social.Groups;

namespace FitnessDriver.EndToEnd.Tests.Social;

/// <summary>Ranks in a group session and who passed whom, without the platform.</summary>
public sealed class GroupStandingsTests
{
    private static readonly Guid Ann = new("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Bob = new("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid Cat = new("00000000-0000-0000-0000-00000000000c");

    [Fact]
    public void The_furthest_ranks_first_and_members_as_far_share_a_rank()
    {
        var ranks = GroupStandings.Rank([new(Ann, 500, false, null), new(Bob, 800, false, null), new(Cat, 500, false, null)]);
        Assert.Equal((1, 2, 2), (ranks[Bob], ranks[Ann], ranks[Cat]));
    }

    [Fact]
    public void A_member_who_was_behind_and_is_now_ahead_by_the_margin_passed_the_other()
    {
        Standing[] members = [new(Ann, 620, false, 2), new(Bob, 600, false, 1), new(Cat, 900, false, 3)];
        Assert.Equal([(Ann, Bob), (Cat, Bob), (Cat, Ann)], GroupStandings.Passes(members, 5).OrderBy(p => p.Passer).ThenBy(p => p.Passed == Ann));
    }

    [Fact]
    public void Nobody_is_passed_within_the_margin_and_the_pass_is_announced_once_the_lead_reaches_it()
    {
        Standing[] close = [new(Ann, 603, false, 2), new(Bob, 600, false, 1)];
        Assert.Empty(GroupStandings.Passes(close, 5));
        var remembered = GroupStandings.Remembered(close, GroupStandings.Rank(close), 5);
        Assert.Equal((2, 1), (remembered[Ann], remembered[Bob]));

        Standing[] later = [new(Ann, 640, false, remembered[Ann]), new(Bob, 630, false, remembered[Bob])];
        Assert.Equal([(Ann, Bob)], GroupStandings.Passes(later, 5));
    }

    [Fact]
    public void A_finished_member_is_not_passed_and_newcomers_pass_nobody()
    {
        Standing[] members = [new(Ann, 5000, false, 2), new(Bob, 4000, true, 1), new(Cat, 6000, false, null)];
        Assert.Empty(GroupStandings.Passes(members, 5));
    }

    [Fact]
    public void A_members_update_shows_the_leaders_and_the_members_around_them_in_rank_order()
    {
        var ranked = Enumerable.Range(1, 30).Select(rank => new GroupMemberView(new Guid(rank, 0, 0, new byte[8]), null, null, 10_000 - rank, null, null, false, rank)).ToList();
        int[] Shown(int rank) => [.. GroupStandings.Around(ranked, ranked[rank - 1].AthleteId, 3, 2).Select(v => v.Rank)];
        Assert.Equal([1, 2, 3, 18, 19, 20, 21, 22], Shown(20));
        Assert.Equal([1, 2, 3, 4, 5, 6], Shown(4));
        Assert.Equal([1, 2, 3, 28, 29, 30], Shown(30));
        Assert.Equal(30, GroupStandings.Around(ranked, ranked[14].AthleteId, 3, 30).Count);
        Assert.Equal([1, 2, 3], GroupStandings.Around(ranked, Guid.NewGuid(), 3, 2).Select(v => v.Rank));
    }

    [Fact]
    public void Pace_comes_from_the_last_15_to_30_seconds_and_the_zone_from_the_latest_heart_rate()
    {
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var slow = Enumerable.Range(0, 60).Select(i => new Contracts.Telemetry.Sample(start + i * 1000L, Hr: 120, Distance: i * 2.0)).ToList();
        var fast = Enumerable.Range(60, 30).Select(i => new Contracts.Telemetry.Sample(start + i * 1000L, Hr: 175, Distance: 118 + (i - 59) * 4.0)).ToList();
        var track = MemberTrack.Empty.Add("watch", slow).Add("watch", fast);
        Assert.Equal(238, track.DistanceM);
        Assert.InRange(track.PaceSPerKm!.Value, 249, 251);
        Assert.Equal(5, track.HrZone(190));
        Assert.Equal(2, MemberTrack.Empty.Add("watch", slow).HrZone(190));
        Assert.Null(MemberTrack.Empty.Add("strap", [new(start, Hr: 150)]).PaceSPerKm);
    }
}
