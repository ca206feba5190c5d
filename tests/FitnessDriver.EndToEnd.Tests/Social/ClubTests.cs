using System.Net;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Testing;
using static FitnessDriver.EndToEnd.Tests.Social.SocialFlows;

namespace FitnessDriver.EndToEnd.Tests.Social;

/// <summary>Clubs: joining, invitations, roles, the club's feed and week, moderation, and muting a notification type.</summary>
public sealed class ClubTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task Members_see_each_others_runs_in_the_club_feed_and_week_and_an_admin_removes_a_comment()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        var bob = await platform.NewAthleteAsync("Bob");
        var cat = await platform.NewAthleteAsync("Cat");
        var club = await ann.CreateClubAsync(new CreateClubRequest($"Riverside runners {Guid.NewGuid():N}", "Tuesdays at seven", null));
        Assert.Equal(("public", "owner", 1L), (club.Access, club.Role, club.Members));
        Assert.Equal("member", (await bob.JoinClubAsync(club.ClubId)).Role);
        Assert.Equal(3, (await cat.JoinClubAsync(club.ClubId)).Members);
        Assert.Contains((await cat.ListClubsAsync(club.Name[..20])).Items, c => c.ClubId == club.ClubId);

        // Bob's run reaches Cat through the club alone: she does not follow him.
        var bobs = await RunAsync(bob, seconds: 600, endedSecondsAgo: 120);
        var anns = await RunAsync(ann, seconds: 300);
        var hidden = await RunAsync(bob, Visibility.OnlyMe, seconds: 100);
        await platform.WaitForConsumersAsync();
        var feed = (await cat.GetClubFeedAsync(club.ClubId)).Items.Where(i => i.Type == "activity").Select(i => i.ActivityId).ToList();
        Assert.Equal([anns, bobs], feed);
        Assert.Equal([anns, bobs], await FeedActivitiesAsync(cat));
        Assert.DoesNotContain(hidden, await FeedActivitiesAsync(ann));

        var week = await cat.GetClubLeaderboardAsync(club.ClubId);
        Assert.Equal(["Bob", "Ann"], week.Select(e => e.DisplayName));
        Assert.InRange(week[0].DistanceM, 1790, 1800);
        Assert.Equal((1, 1L), (week[0].Rank, week[0].Activities));

        // Cat comments on Bob's run; Ann, the owner, removes it in the club's name; Bob, a member, cannot.
        var item = (await cat.GetClubFeedAsync(club.ClubId)).Items.Single(i => i.ActivityId == bobs && i.Type == "activity");
        var comment = await cat.CommentAsync(item.ItemId, "Spam spam spam");
        await bob.ReportCommentAsync(item.ItemId, comment.CommentId, "spam");
        var other = await ann.CommentAsync(item.ItemId, "Well run");
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<ApiProblemException>(() => cat.DeleteCommentAsync(item.ItemId, other.CommentId, club.ClubId))).Status);
        await ann.DeleteCommentAsync(item.ItemId, comment.CommentId, club.ClubId);
        Assert.Equal(["Well run"], (await bob.GetCommentsAsync(item.ItemId)).Items.Select(c => c.Text));

        // Leaving takes one's things out of the club's feed; the owner leaving hands the club on.
        await bob.LeaveClubAsync(club.ClubId);
        Assert.DoesNotContain(bobs, (await cat.GetClubFeedAsync(club.ClubId)).Items.Select(i => i.ActivityId));
        await ann.SetClubRoleAsync(club.ClubId, cat.AthleteId, "admin");
        await ann.LeaveClubAsync(club.ClubId);
        Assert.Equal("owner", (await cat.GetClubAsync(club.ClubId)).Role);
        Assert.Equal([cat.AthleteId], (await cat.GetClubMembersAsync(club.ClubId)).Items.Select(m => m.AthleteId));
    }

    [Fact]
    public async Task An_invite_only_club_is_hidden_until_an_admin_invites_and_the_invitee_is_told()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        var bob = await platform.NewAthleteAsync("Bob");
        var cat = await platform.NewAthleteAsync("Cat");
        var club = await ann.CreateClubAsync(new CreateClubRequest("Dawn patrol", null, "invite-only"));
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => bob.GetClubAsync(club.ClubId))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => bob.JoinClubAsync(club.ClubId))).Status);
        Assert.DoesNotContain((await bob.ListClubsAsync("Dawn")).Items, c => c.ClubId == club.ClubId);

        await ann.InviteToClubAsync(club.ClubId, bob.AthleteId);
        await platform.WaitForConsumersAsync();
        var invite = Assert.Single(await NoticesAsync(bob, "club-invite"));
        Assert.Equal(("Dawn patrol", "Ann"), ((string?)invite.Payload["name"], (string?)invite.Payload["displayName"]));
        Assert.True(Assert.Single((await bob.ListClubsAsync()).Items).Invited);
        Assert.Equal("member", (await bob.JoinClubAsync(club.ClubId)).Role);

        // A member does not invite; an admin does; nobody removes the owner.
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<ApiProblemException>(() => bob.InviteToClubAsync(club.ClubId, cat.AthleteId))).Status);
        await ann.SetClubRoleAsync(club.ClubId, bob.AthleteId, "admin");
        await bob.InviteToClubAsync(club.ClubId, cat.AthleteId);
        Assert.Equal("member", (await cat.JoinClubAsync(club.ClubId)).Role);
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<ApiProblemException>(() => bob.RemoveClubMemberAsync(club.ClubId, ann.AthleteId))).Status);
        await bob.RemoveClubMemberAsync(club.ClubId, cat.AthleteId);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => cat.GetClubAsync(club.ClubId))).Status);
    }

    [Fact]
    public async Task A_muted_type_is_neither_kept_nor_pushed_and_unknown_types_are_refused()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        var bob = await platform.NewAthleteAsync("Bob");
        var settings = await ann.SetNotificationSettingsAsync(new NotificationSettings(["kudos", "kudos"]));
        Assert.Equal(["kudos"], settings.Muted!);
        var problem = await Assert.ThrowsAsync<ApiProblemException>(() => ann.SetNotificationSettingsAsync(new NotificationSettings(["kudos", "fireworks"])));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, problem.Status);
        Assert.NotNull(problem.Problem?["errors"]?["muted[1]"]);

        await bob.FollowAsync(ann.AthleteId);
        var run = await RunAsync(ann);
        await platform.WaitForConsumersAsync();
        var item = (await bob.GetFeedAsync()).Items.Single(i => i.ActivityId == run && i.Type == "activity");
        await bob.KudosAsync(item.ItemId);
        await bob.CommentAsync(item.ItemId, "Go Ann");
        await platform.WaitForConsumersAsync();
        Assert.Empty(await NoticesAsync(ann, "kudos"));
        Assert.Single(await NoticesAsync(ann, "comment"));
        Assert.Single(await NoticesAsync(ann, "follow"));
    }

    [Fact]
    public async Task Bad_clubs_and_comments_are_refused_with_the_field()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        foreach (var (club, field) in new[] { (new CreateClubRequest("", null, null), "name"), (new CreateClubRequest("Ok", null, "secret"), "access"),
                     (new CreateClubRequest("Ok", new string('x', 1001), null), "description") })
        {
            var problem = await Assert.ThrowsAsync<ApiProblemException>(() => ann.CreateClubAsync(club));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, problem.Status);
            Assert.NotNull(problem.Problem?["errors"]?[field]);
        }

        var run = await RunAsync(ann);
        await platform.WaitForConsumersAsync();
        var item = (await ann.GetFeedAsync()).Items.Single(i => i.ActivityId == run && i.Type == "activity");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Assert.ThrowsAsync<ApiProblemException>(() => ann.CommentAsync(item.ItemId, "  "))).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Assert.ThrowsAsync<ApiProblemException>(() => ann.CommentAsync(item.ItemId, new string('y', 1001)))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => ann.CommentAsync(Guid.NewGuid(), "hi"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => ann.GetClubAsync(Guid.NewGuid()))).Status);
    }
}
