using System.Net;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Testing;
using static FitnessDriver.EndToEnd.Tests.Social.SocialFlows;

namespace FitnessDriver.EndToEnd.Tests.Social;

/// <summary>Following, private profiles and blocks, as every view another athlete gets honours them: the feed and activity pages.</summary>
public sealed class FollowTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task A_follower_sees_the_activity_in_the_feed_gives_kudos_and_comments_and_the_athlete_hears_of_each()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        var bob = await platform.NewAthleteAsync("Bob");
        var followed = await bob.FollowAsync(ann.AthleteId);
        Assert.Equal(("following", "Ann", 1L), (followed.Following, followed.DisplayName, followed.Followers));
        Assert.Equal("following", (await bob.FollowAsync(ann.AthleteId)).Following);

        var run = await RunAsync(ann);
        await platform.WaitForConsumersAsync();
        var item = Assert.Single((await bob.GetFeedAsync()).Items, i => i.ActivityId == run && i.Type == "activity");
        Assert.Equal(("Ann", "run"), (item.DisplayName, item.Details["sport"]!.ToString()));
        Assert.InRange((double)item.Details["distanceM"]!, 1190, 1200);
        Assert.InRange((double)item.Details["movingS"]!, 395, 400);
        Assert.Equal(400, (double)item.Details["elapsedS"]!);
        Assert.Contains((await ann.GetFeedAsync()).Items, i => i.ItemId == item.ItemId);

        var kudoed = await bob.KudosAsync(item.ItemId);
        Assert.Equal((1L, true), (kudoed.Kudos, kudoed.KudosByMe));
        await bob.KudosAsync(item.ItemId);
        var comment = await bob.CommentAsync(item.ItemId, "Great pace!");
        Assert.Equal(("Great pace!", "Bob"), (comment.Text, comment.DisplayName));
        await platform.WaitForConsumersAsync();

        Assert.Equal("Bob", (string?)Assert.Single(await NoticesAsync(ann, "follow")).Payload["displayName"]);
        var kudos = Assert.Single(await NoticesAsync(ann, "kudos"));
        Assert.Equal(item.ItemId.ToString(), (string?)kudos.Payload["itemId"]);
        Assert.Equal(comment.CommentId.ToString(), (string?)Assert.Single(await NoticesAsync(ann, "comment")).Payload["commentId"]);
        Assert.Equal(["Great pace!"], (await ann.GetCommentsAsync(item.ItemId)).Items.Select(c => c.Text));
        var seen = Assert.Single((await ann.GetFeedAsync()).Items, i => i.ItemId == item.ItemId);
        Assert.Equal((1L, false, 1L), (seen.Kudos, seen.KudosByMe, seen.Comments));

        // Ann cannot give herself kudos; Bob takes his back; Ann removes Bob's comment from her activity.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Assert.ThrowsAsync<ApiProblemException>(() => ann.KudosAsync(item.ItemId))).Status);
        Assert.Equal(0, (await bob.KudosAsync(item.ItemId, give: false)).Kudos);
        await ann.DeleteCommentAsync(item.ItemId, comment.CommentId);
        Assert.Empty((await bob.GetCommentsAsync(item.ItemId)).Items);

        Assert.Equal([bob.AthleteId], (await ann.GetFollowListAsync(ann.AthleteId, followers: true)).Items.Select(a => a.AthleteId));
        Assert.Equal([ann.AthleteId], (await ann.GetFollowListAsync(bob.AthleteId, followers: false)).Items.Select(a => a.AthleteId));
        await bob.UnfollowAsync(ann.AthleteId);
        Assert.DoesNotContain(run, await FeedActivitiesAsync(bob));
    }

    [Fact]
    public async Task A_private_athlete_is_seen_only_by_accepted_followers_and_followers_only_activities_only_by_followers()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        var bob = await platform.NewAthleteAsync("Bob");
        var cat = await platform.NewAthleteAsync("Cat");
        await ann.SetSocialSettingsAsync(new SocialSettings(true));
        var shared = await RunAsync(ann, Visibility.Everyone, hoursAgo: 2);
        var forFollowers = await RunAsync(ann, Visibility.Followers, hoursAgo: 1);
        var onlyMe = await RunAsync(ann, Visibility.OnlyMe);
        Assert.Equal("requested", (await bob.FollowAsync(ann.AthleteId)).Following);
        await platform.WaitForConsumersAsync();

        // Until Ann accepts, Bob is a stranger, like Cat: nothing of a private athlete, not even her list of followers.
        foreach (var stranger in new[] { bob, cat })
        {
            Assert.Empty(await FeedActivitiesAsync(stranger));
            Assert.Empty((await stranger.ListActivitiesOfAsync(ann.AthleteId)).Items);
            Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => stranger.GetActivityOfAsync(ann.AthleteId, shared))).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => stranger.GetFollowListAsync(ann.AthleteId, followers: true))).Status);
        }

        Assert.Equal([bob.AthleteId], (await ann.GetFollowRequestsAsync()).Items.Select(a => a.AthleteId));
        Assert.Single(await NoticesAsync(ann, "follow-request"));
        await ann.AnswerFollowRequestAsync(bob.AthleteId, accept: true);
        await platform.WaitForConsumersAsync();
        Assert.Single(await NoticesAsync(bob, "follow-accepted"));

        Assert.Equal([forFollowers, shared], await FeedActivitiesAsync(bob));
        Assert.Equal([forFollowers, shared], (await bob.ListActivitiesOfAsync(ann.AthleteId)).Items.Select(a => a.ActivityId));
        Assert.Equal("followers", (await bob.GetActivityOfAsync(ann.AthleteId, forFollowers)).Visibility);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => bob.GetActivityOfAsync(ann.AthleteId, onlyMe))).Status);
        Assert.Empty(await FeedActivitiesAsync(cat));

        // Public again: Cat sees what is for everyone, still not what is for followers; following her brings it to her feed.
        await ann.SetSocialSettingsAsync(new SocialSettings(false));
        Assert.Equal([shared], (await cat.ListActivitiesOfAsync(ann.AthleteId)).Items.Select(a => a.ActivityId));
        Assert.Equal("following", (await cat.FollowAsync(ann.AthleteId)).Following);
        Assert.Equal([forFollowers, shared], await FeedActivitiesAsync(cat));
    }

    [Fact]
    public async Task A_blocked_athlete_sees_nothing_of_the_blocker_and_cannot_follow_kudo_or_comment()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        var bob = await platform.NewAthleteAsync("Bob");
        await bob.FollowAsync(ann.AthleteId);
        await ann.FollowAsync(bob.AthleteId);
        var run = await RunAsync(ann);
        await platform.WaitForConsumersAsync();
        var item = Assert.Single((await bob.GetFeedAsync()).Items, i => i.ActivityId == run && i.Type == "activity");
        await bob.CommentAsync(item.ItemId, "Nice");

        var blocked = await ann.BlockAsync(bob.AthleteId);
        Assert.Equal((true, "none", false), (blocked.Blocking, blocked.Following, blocked.FollowsYou));
        Assert.Empty((await ann.GetFollowListAsync(ann.AthleteId, followers: true)).Items);
        Assert.Empty((await ann.GetFollowListAsync(ann.AthleteId, followers: false)).Items);

        Assert.Empty((await bob.GetFeedAsync()).Items);
        Assert.Empty((await bob.ListActivitiesOfAsync(ann.AthleteId)).Items);
        foreach (var attempt in new Func<Task>[]
                 {
                     () => bob.GetRelationshipAsync(ann.AthleteId), () => bob.FollowAsync(ann.AthleteId), () => bob.KudosAsync(item.ItemId),
                     () => bob.CommentAsync(item.ItemId, "Hello?"), () => bob.GetActivityOfAsync(ann.AthleteId, run), () => bob.GetStreamsOfAsync(ann.AthleteId, run),
                     () => bob.GetFollowListAsync(ann.AthleteId, followers: true),
                 })
            Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(attempt)).Status);

        // Ann does not see Bob's comment either, nor can she follow him while she blocks him.
        Assert.Empty((await ann.GetCommentsAsync(item.ItemId)).Items);
        Assert.Equal(HttpStatusCode.Conflict, (await Assert.ThrowsAsync<ApiProblemException>(() => ann.FollowAsync(bob.AthleteId))).Status);

        await ann.UnblockAsync(bob.AthleteId);
        Assert.Equal("following", (await bob.FollowAsync(ann.AthleteId)).Following);
        Assert.Contains(run, await FeedActivitiesAsync(bob));
    }

    [Fact]
    public async Task A_follower_gets_the_positions_of_a_followers_only_activity_with_the_privacy_zone_left_out()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        var bob = await platform.NewAthleteAsync("Bob");
        await ann.SetPrivacyAsync(new PrivacySettingsRequest([new PrivacyZoneRequest(43.35, 42.44, 200)], 0));
        await bob.FollowAsync(ann.AthleteId);
        var run = await RunAsync(ann, Visibility.Followers);
        await platform.WaitForConsumersAsync();

        var own = await ann.GetStreamsAsync(run, "1s");
        var seen = await bob.GetStreamsOfAsync(ann.AthleteId, run, "1s");
        for (var i = 0; i < own.T.Count; i++)
        {
            var inZone = Geo.HaversineM(43.35, 42.44, own.Lat![i]!.Value, own.Lon![i]!.Value) <= 200;
            Assert.Equal(inZone ? null : own.Lat[i], seen.Lat![i]);
        }

        Assert.Contains(seen.Lat!, lat => lat is null);
        Assert.Contains(seen.Lat!, lat => lat is not null);
    }

    [Fact]
    public async Task Following_refuses_oneself_and_unknown_athletes_and_lists_refuse_bad_cursors()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Assert.ThrowsAsync<ApiProblemException>(() => ann.FollowAsync(ann.AthleteId))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => ann.FollowAsync(Guid.NewGuid()))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => ann.BlockAsync(Guid.NewGuid()))).Status);
        var problem = await Assert.ThrowsAsync<ApiProblemException>(() => ann.GetFeedAsync(cursor: "not-a-cursor"));
        Assert.Equal(HttpStatusCode.BadRequest, problem.Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<ApiProblemException>(() => ann.GetFeedAsync(limit: 0))).Status);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/v1/me/social") { Content = new StringContent("{\"privateProfile\":", System.Text.Encoding.UTF8, "application/json") };
        Assert.Equal(HttpStatusCode.BadRequest, (await ann.SendAsync(request)).StatusCode);
    }
}
