using System.Net;
using System.Text.Json;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Testing;
using static FitnessDriver.EndToEnd.Tests.Social.SocialFlows;

namespace FitnessDriver.EndToEnd.Tests.Social;

/// <summary>Live group sessions: standings pushed over the WebSocket, passes and finishes, and who may join.</summary>
public sealed class GroupSessionTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task Three_athletes_see_each_others_distance_and_zone_live_the_slowest_hears_who_passed_her_and_the_others_who_finished()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        var bob = await platform.NewAthleteAsync("Bob");
        var cat = await platform.NewAthleteAsync("Cat");
        var session = await ann.CreateGroupSessionAsync(new CreateGroupSessionRequest("Tuesday tempo"));
        Assert.Equal((ann.AthleteId, 1), (session.HostId, session.Members.Count));
        await bob.JoinGroupSessionAsync(session.SessionId);
        var joined = await cat.JoinGroupSessionAsync(session.SessionId);
        Assert.Equal(["Ann", "Bob", "Cat"], joined.Members.Select(m => m.DisplayName).Order());
        Assert.Equal([session.SessionId], (await cat.ListGroupSessionsAsync()).Items.Select(s => s.SessionId));

        var athletes = new[] { ann, bob, cat };
        var feeds = new List<LiveFeed>();
        foreach (var athlete in athletes)
            feeds.Add(await LiveFeed.OpenAsync(athlete));
        try
        {
            // Live, from now: Cat starts a minute ahead at 2 m/s, Ann (3 m/s) and Bob (4 m/s) have done 10 s.
            var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            var runs = new Dictionary<FitnessDriverClient, (Guid ActivityId, List<Contracts.Telemetry.Sample> Samples)>();
            foreach (var (athlete, speed) in new[] { (ann, 3.0), (bob, 4.0), (cat, 2.0) })
            {
                var activityId = Guid.NewGuid();
                await athlete.PutActivityAsync(activityId, Sport.Run, start);
                runs[athlete] = (activityId, RunGenerator.Samples(start, 60, speed));
            }

            await cat.PostSamplesAsync(runs[cat].ActivityId, "watch", runs[cat].Samples);
            await ann.PostSamplesAsync(runs[ann].ActivityId, "watch", runs[ann].Samples[..10]);
            await bob.PostSamplesAsync(runs[bob].ActivityId, "watch", runs[bob].Samples[..10]);
            foreach (var feed in feeds)
            {
                var update = await feed.StandingsAsync(session.SessionId, m => m.Count(x => x.DistanceM > 0) == 3);
                Assert.Equal([(cat.AthleteId, 118.0, 1), (bob.AthleteId, 36.0, 2), (ann.AthleteId, 27.0, 3)],
                    update.Select(m => (m.AthleteId, m.DistanceM, m.Rank)));
                Assert.All(update, m => Assert.InRange(m.HrZone!.Value, 1, 5));
                Assert.All(update, m => Assert.Equal(runs[athletes.Single(a => a.AthleteId == m.AthleteId)].ActivityId, m.ActivityId));
            }

            // Ann and Bob run the rest of their minute and pass Cat.
            await ann.PostSamplesAsync(runs[ann].ActivityId, "watch", runs[ann].Samples[10..]);
            await bob.PostSamplesAsync(runs[bob].ActivityId, "watch", runs[bob].Samples[10..]);
            var ahead = await feeds[2].StandingsAsync(session.SessionId, m => m[0].AthleteId == bob.AthleteId && m[1].AthleteId == ann.AthleteId);
            Assert.Equal([236.0, 177.0, 118.0], ahead.Select(m => m.DistanceM));
            Assert.InRange(ahead[0].PaceSPerKm!.Value, 245, 255);
            var passers = new[] { await feeds[2].NextAsync(SocialNoticeTypes.GroupPassed), await feeds[2].NextAsync(SocialNoticeTypes.GroupPassed) };
            Assert.Equal(["Ann", "Bob"], passers.Select(p => (string?)p.Payload["displayName"]).Order());
            Assert.All(passers, p => Assert.Equal(session.SessionId.ToString(), (string?)p.Payload["sessionId"]));

            await bob.FinishAsync(runs[bob].ActivityId, start.AddSeconds(60));
            foreach (var feed in new[] { feeds[0], feeds[2] })
            {
                var finished = await feed.NextAsync(SocialNoticeTypes.GroupFinished);
                Assert.Equal((bob.AthleteId.ToString(), "Bob", 236.0, 1), ((string?)finished.Payload["athleteId"], (string?)finished.Payload["displayName"],
                    (double)finished.Payload["distanceM"]!, (int)finished.Payload["rank"]!));
            }

            Assert.True((await ann.GetGroupSessionAsync(session.SessionId)).Members.Single(m => m.AthleteId == bob.AthleteId).Finished);
            await platform.WaitForConsumersAsync();
            Assert.Equal(2, (await NoticesAsync(cat, SocialNoticeTypes.GroupPassed)).Count);
            Assert.Single(await NoticesAsync(ann, SocialNoticeTypes.GroupFinished));
            Assert.Empty(await NoticesAsync(ann, SocialNoticeTypes.GroupUpdate));
        }
        finally
        {
            foreach (var feed in feeds)
                await feed.DisposeAsync();
        }

        foreach (var athlete in athletes)
            await athlete.LeaveGroupSessionAsync(session.SessionId);
        Assert.Empty((await ann.ListGroupSessionsAsync()).Items);
        Assert.Equal(HttpStatusCode.Conflict, (await Assert.ThrowsAsync<ApiProblemException>(() => bob.JoinGroupSessionAsync(session.SessionId))).Status);
    }

    [Fact]
    public async Task A_blocked_athlete_cannot_join_the_blockers_session_nor_an_outsider_a_club_session()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        var dan = await platform.NewAthleteAsync("Dan");
        var eve = await platform.NewAthleteAsync("Eve");
        await ann.BlockAsync(dan.AthleteId);
        var open = await ann.CreateGroupSessionAsync(new CreateGroupSessionRequest("Open run"));
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => dan.JoinGroupSessionAsync(open.SessionId))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => dan.GetGroupSessionAsync(open.SessionId))).Status);
        // Blocking works both ways: Eve, who blocks Dan, cannot end up in a session with him either.
        await eve.BlockAsync(dan.AthleteId);
        await ann.LeaveGroupSessionAsync(open.SessionId);
        var dans = await dan.CreateGroupSessionAsync(new CreateGroupSessionRequest("Dan's run"));
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => eve.JoinGroupSessionAsync(dans.SessionId))).Status);

        var club = await ann.CreateClubAsync(new CreateClubRequest("Harbour runners", null, "public"));
        var clubRun = await ann.CreateGroupSessionAsync(new CreateGroupSessionRequest("Club run", club.ClubId));
        Assert.Equal(club.ClubId, clubRun.ClubId);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => eve.JoinGroupSessionAsync(clubRun.SessionId))).Status);
        await eve.JoinClubAsync(club.ClubId);
        Assert.Equal(2, (await eve.JoinGroupSessionAsync(clubRun.SessionId)).Members.Count);
        // Only members start a club's session.
        Assert.Equal(HttpStatusCode.NotFound,
            (await Assert.ThrowsAsync<ApiProblemException>(() => dan.CreateGroupSessionAsync(new CreateGroupSessionRequest("Not mine", club.ClubId)))).Status);
    }

    [Fact]
    public async Task Bad_requests_are_refused()
    {
        var ann = await platform.NewAthleteAsync("Ann");
        var bob = await platform.NewAthleteAsync("Bob");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Assert.ThrowsAsync<ApiProblemException>(() => ann.CreateGroupSessionAsync(new CreateGroupSessionRequest(" ")))).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await Assert.ThrowsAsync<ApiProblemException>(() => ann.CreateGroupSessionAsync(new CreateGroupSessionRequest(new string('x', 101))))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => ann.JoinGroupSessionAsync(Guid.NewGuid()))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => ann.GetGroupSessionAsync(Guid.NewGuid()))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => ann.LeaveGroupSessionAsync(Guid.NewGuid()))).Status);

        var session = await ann.CreateGroupSessionAsync(new CreateGroupSessionRequest("Intervals"));
        Assert.Equal(HttpStatusCode.Conflict, (await Assert.ThrowsAsync<ApiProblemException>(() => ann.CreateGroupSessionAsync(new CreateGroupSessionRequest("Another")))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => bob.GetGroupSessionAsync(session.SessionId))).Status);
        using var malformed = new HttpRequestMessage(HttpMethod.Post, $"/v1/group-sessions/{session.SessionId}/join")
        {
            Content = new StringContent("{\"activityId\": 12", System.Text.Encoding.UTF8, "application/json"),
        };
        Assert.Equal(HttpStatusCode.BadRequest, (await bob.SendAsync(malformed)).StatusCode);
        using var notAnId = new HttpRequestMessage(HttpMethod.Post, $"/v1/group-sessions/{session.SessionId}/join")
        {
            Content = new StringContent("{\"activityId\": \"tomorrow\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        Assert.Equal(HttpStatusCode.BadRequest, (await bob.SendAsync(notAnId)).StatusCode);
    }

    /// <summary>An athlete's notification stream, read in the background and kept, so a notice can be looked for after others.</summary>
    private sealed class LiveFeed : IAsyncDisposable
    {
        private readonly NotificationFeed feed;
        private readonly List<NotificationItem> received = [];
        private readonly HashSet<int> taken = [];
        private readonly SemaphoreSlim arrived = new(0);
        private readonly CancellationTokenSource stop = new();
        private readonly Task reading;

        private LiveFeed(NotificationFeed feed)
        {
            this.feed = feed;
            reading = Task.Run(async () =>
            {
                await foreach (var item in feed.ReadAllAsync(stop.Token))
                {
                    lock (received)
                        received.Add(item);
                    arrived.Release();
                }
            });
        }

        public static async Task<LiveFeed> OpenAsync(FitnessDriverClient athlete) => new(await athlete.OpenNotificationFeedAsync(TestContext.Current.CancellationToken));

        /// <summary>The first notification of <paramref name="type"/> not taken yet, waiting for it.</summary>
        public async Task<NotificationItem> NextAsync(string type, Func<NotificationItem, bool>? match = null)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(Wait);
            while (true)
            {
                lock (received)
                {
                    for (var i = 0; i < received.Count; i++)
                    {
                        if (!taken.Contains(i) && received[i].Type == type && (match is null || match(received[i])))
                        {
                            taken.Add(i);
                            return received[i];
                        }
                    }
                }

                await arrived.WaitAsync(timeout.Token);
            }
        }

        /// <summary>The members of the first standings of the session that satisfy <paramref name="match"/>.</summary>
        public async Task<List<GroupMemberView>> StandingsAsync(Guid sessionId, Func<List<GroupMemberView>, bool> match)
        {
            var update = await NextAsync(SocialNoticeTypes.GroupUpdate, item => (string?)item.Payload["sessionId"] == sessionId.ToString() && match(Members(item)));
            return Members(update);
        }

        private static List<GroupMemberView> Members(NotificationItem item) => item.Payload["members"].Deserialize<List<GroupMemberView>>(ContractJson.Options)!;

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await feed.DisposeAsync();
            try
            {
                await reading;
            }
            catch (OperationCanceledException)
            {
            }

            stop.Dispose();
            arrived.Dispose();
        }
    }
}
