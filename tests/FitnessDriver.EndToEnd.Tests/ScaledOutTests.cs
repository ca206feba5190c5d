using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
using FitnessDriver.EventLog.Kafka;
using FitnessDriver.Testing;
using FitnessDriver.Testing.Kafka;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>
/// Every service in its own process on Kafka and PostgreSQL, behind the gateway. Kafka is librdkafka's mock cluster, or
/// the brokers <c>FD_KAFKA_BOOTSTRAP_SERVERS</c> names (one broker will do: topics get one replica).
/// </summary>
public sealed class ScaledOutTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Startup = TimeSpan.FromMinutes(2);
    private static readonly string? Brokers = Environment.GetEnvironmentVariable(KafkaEventLogRegistration.BootstrapServersVariable) is { Length: > 0 } brokers ? brokers : null;
    private readonly TemporaryDirectory directory = new("fd-scaled");
    private readonly List<ServiceProcess> processes = [];
    private readonly Dictionary<string, int> ports = [];
    private MockCluster? kafka;
    private Dictionary<string, string> environment = null!;

    public async ValueTask InitializeAsync()
    {
        environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = await postgres.CreateDatabaseAsync("scaled"),
            ["ConnectionStrings__Profiles"] = await postgres.CreateDatabaseAsync("scaled_profiles"),
            ["FD_DATA_DIR"] = directory.Path,
            // The services fetch athletes' data keys from Profiles with it.
            ["Keys__Token"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
        };
        if (Brokers is null)
        {
            kafka = new MockCluster(brokers: 3);
            foreach (var topic in Topics.All.Concat(Topics.All.Select(Topics.DeadLetter)))
                kafka.CreateTopic(topic, partitions: 4, replicationFactor: 3);
            environment["EventLog__Kafka__BootstrapServers"] = kafka.BootstrapServers;
            environment["EventLog__Kafka__CreateTopics"] = "false";
            environment["EventLog__Kafka__ConsumerSettings__session.timeout.ms"] = "2000";
            environment["EventLog__Kafka__ConsumerSettings__heartbeat.interval.ms"] = "250";
        }
        else
        {
            // The first service to start creates the topics that do not exist yet. A broker refuses sessions shorter than
            // its group.min.session.timeout.ms, 6 s unless configured.
            environment["EventLog__Kafka__BootstrapServers"] = Brokers;
            environment["EventLog__Kafka__DefaultPartitions"] = "4";
            environment["EventLog__Kafka__ReplicationFactor"] = "1";
            environment["EventLog__Kafka__MinInSyncReplicas"] = "1";
            environment["EventLog__Kafka__ConsumerSettings__session.timeout.ms"] = "6000";
            environment["EventLog__Kafka__ConsumerSettings__heartbeat.interval.ms"] = "1000";
        }

        foreach (var service in new[] { "Profiles", "TimeSeries", "Gamification", "Notifications", "Social", "Telemetry", "Gateway" })
            ports[service] = ServiceProcess.FreePort();
        foreach (var service in ports.Keys)
            environment[$"Services__{service}__Url"] = $"http://127.0.0.1:{ports[service]}";
        foreach (var service in ports.Keys)
            processes.Add(await StartAsync(service));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
            await process.DisposeAsync();
        kafka?.Dispose();
        directory.Dispose();
    }

    [Fact]
    public async Task A_level_up_reaches_the_websocket_and_restarting_gamification_mid_stream_neither_loses_nor_duplicates_an_award()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports["Gateway"]}"), Timeout = TimeSpan.FromSeconds(30) };
        var athlete = await FitnessDriverClient.SignUpAsync(http, "Ann");
        await using var feed = await athlete.OpenNotificationFeedAsync();
        var levelUp = FirstAsync(feed, AchievementTypes.LevelUp);

        var activity = Guid.NewGuid();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds());
        await athlete.PutActivityAsync(activity, Sport.Run, start);
        var batches = RunGenerator.Samples(start, 1000, speed: 3.5).Chunk(50).ToList();
        for (var i = 0; i < batches.Count; i++)
        {
            await athlete.PostSamplesAsync(activity, "watch", batches[i]);
            if (i == batches.Count / 2)
                await RestartGamificationAsync(afterKill: () => athlete.PostSamplesAsync(activity, "watch", batches[++i]));
        }

        var level = await levelUp.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, level.Payload["level"]!.GetValue<int>());

        var progress = await Eventually.MatchesAsync(() => athlete.GetProgressAsync(), p => p.Xp >= 30, TimeSpan.FromSeconds(60), "30 XP");
        Assert.Equal(30, progress.Xp);
        var inbox = await Eventually.MatchesAsync(() => athlete.GetNotificationsAsync(), page => page.Items.Count(n => n.Type == AchievementTypes.Xp) >= 3,
            TimeSpan.FromSeconds(30), "three XP notifications");
        Assert.Equal([1, 2, 3], inbox.Items.Where(n => n.Type == AchievementTypes.Xp).Select(n => n.Payload["km"]!.GetValue<int>()).Order());
        Assert.Equal(3L, await PostgresFixture.ScalarAsync<long>(environment["ConnectionStrings__Postgres"],
            "SELECT count(*) FROM gamification.awards WHERE athlete_id = $1 AND rule = 'km'", athlete.AthleteId));
        var summary = await Eventually.MatchesAsync(() => athlete.GetActivityAsync(activity), s => s.SampleCount == 1000, TimeSpan.FromSeconds(60), "every sample stored");
        Assert.InRange(summary.DistanceM, 3490, 3500);
    }

    [Fact]
    public async Task An_export_reads_every_service_through_the_gateway()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports["Gateway"]}"), Timeout = TimeSpan.FromSeconds(30) };
        var athlete = await FitnessDriverClient.SignUpAsync(http, "Exporter");
        var activity = Guid.NewGuid();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds());
        await athlete.PutActivityAsync(activity, Sport.Run, start, "Scaled-out run");
        await athlete.PostSamplesAsync(activity, "watch", RunGenerator.Samples(start, 300).ToList());
        await Eventually.MatchesAsync(() => athlete.GetActivityAsync(activity), s => s.SampleCount == 300, TimeSpan.FromSeconds(60), "every sample stored");

        var started = await athlete.StartExportAsync();
        var done = await Eventually.MatchesAsync(() => athlete.GetExportAsync(started.ExportId), e => e.Status is "done" or "failed", TimeSpan.FromMinutes(1), "the export built");
        Assert.True(done.Status == "done", done.Failure);
        using var archive = new MemoryStream();
        await athlete.DownloadExportAsync(done, archive);
        archive.Position = 0;
        using var zip = new System.IO.Compression.ZipArchive(archive);
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith($"_{activity}.fit", StringComparison.Ordinal));
        Assert.Contains(zip.Entries, e => e.FullName == "progress.json");
    }

    [Fact]
    public async Task An_archive_import_runs_on_the_edge_with_its_own_schema_notifies_its_end_and_undoes_through_the_gateway()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports["Gateway"]}"), Timeout = TimeSpan.FromSeconds(30) };
        var athlete = await FitnessDriverClient.SignUpAsync(http, "Archivist");
        await using var feed = await athlete.OpenNotificationFeedAsync();
        var ended = FirstAsync(feed, AchievementTypes.ImportFinished);
        var accepted = await athlete.UploadArchiveAsync(new MemoryStream(ExportShapedArchives.Strava()));

        var done = await ArchiveImportTests.FinishedAsync(athlete, accepted.ImportId);
        Assert.Equal(("finished", 3), (done.Status, done.Files.Imported));
        Assert.Equal(accepted.ImportId.ToString(), (await ended.WaitAsync(TimeSpan.FromSeconds(60))).Payload["importId"]!.GetValue<string>());
        await Eventually.MatchesAsync(() => athlete.ListActivitiesAsync(), l => l.Items.Count == 3, TimeSpan.FromSeconds(60), "three activities listed");

        await athlete.UndoArchiveImportAsync(accepted.ImportId);
        await Eventually.MatchesAsync(() => athlete.GetArchiveImportAsync(accepted.ImportId), j => j.Status == "undone", TimeSpan.FromSeconds(60), "import undone");
        await Eventually.MatchesAsync(() => athlete.ListActivitiesAsync(), l => l.Items.Count == 0, TimeSpan.FromSeconds(60), "no activity left");
        Assert.Equal(0L, await PostgresFixture.ScalarAsync<long>(environment["ConnectionStrings__Postgres"],
            "SELECT count(*) FROM telemetry.archive_chunks WHERE import_id = $1", accepted.ImportId));
    }

    [Fact]
    public async Task Another_athletes_view_of_a_track_leaves_out_the_privacy_zone_kept_by_profiles()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports["Gateway"]}"), Timeout = TimeSpan.FromSeconds(30) };
        var owner = await FitnessDriverClient.SignUpAsync(http, "Zoned");
        var viewer = await FitnessDriverClient.SignUpAsync(http, "Viewer");
        await owner.SetPrivacyAsync(new PrivacySettingsRequest([new PrivacyZoneRequest(43.35, 42.44, 300)], null));
        var activity = Guid.NewGuid();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeSeconds());
        await owner.PutActivityAsync(activity, Sport.Run, start);
        await owner.PostSamplesAsync(activity, "watch", RunGenerator.Samples(start, 300).ToList());
        await Eventually.MatchesAsync(() => owner.GetActivityAsync(activity), s => s.SampleCount == 300, TimeSpan.FromSeconds(60), "every sample stored");

        var seen = await viewer.GetStreamsOfAsync(owner.AthleteId, activity, "1s");
        Assert.Equal(300, seen.T.Count);
        // About 3.2 m a second east of the zone's centre: the first 300 m (some 94 s) are hidden, the rest shown.
        Assert.All(seen.Lat!.Take(90), lat => Assert.Null(lat));
        Assert.All(seen.Lat!.Skip(100), lat => Assert.NotNull(lat));

        // Segments are public: Gamification reads the track from TimeSeries and the zone from Profiles, and refuses the hidden stretch.
        await Eventually.MatchesAsync(() => owner.GetTrustAsync(activity), t => t.CountedM > 900, TimeSpan.FromSeconds(60), "the run counted");
        var (hiddenStart, shownStart, end) = (seen.T[10], seen.T[150], seen.T[290]);
        var refused = await Assert.ThrowsAsync<ApiProblemException>(() => owner.CreateSegmentAsync(new CreateSegmentRequest("Home", activity, hiddenStart, end)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        var segment = await owner.CreateSegmentAsync(new CreateSegmentRequest("East", activity, shownStart, end));
        var rival = Guid.NewGuid();
        var rivalStart = start.AddHours(1);
        await viewer.PutActivityAsync(rival, Sport.Run, rivalStart);
        await viewer.PostSamplesAsync(rival, "watch", RunGenerator.Samples(rivalStart, 300, speed: 4).ToList());
        var effort = await Eventually.MatchesAsync(() => viewer.GetSegmentEffortsAsync(segmentId: segment.SegmentId), e => e.Items.Count == 1, TimeSpan.FromSeconds(60),
            "the rival's effort matched");
        Assert.Equal((end - shownStart) / 1000.0 * 3.2 / 4, effort.Items[0].ElapsedS, 0);
    }

    [Fact]
    public async Task A_follower_sees_the_run_in_the_feed_and_its_kudos_reach_the_athlete_and_timeseries_asks_social_who_may_see_what()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports["Gateway"]}"), Timeout = TimeSpan.FromSeconds(30) };
        var ann = await FitnessDriverClient.SignUpAsync(http, "Ann");
        var bob = await FitnessDriverClient.SignUpAsync(http, "Bob");
        var stranger = await FitnessDriverClient.SignUpAsync(http, "Cat");
        await using var feed = await ann.OpenNotificationFeedAsync();
        var kudosArrived = FirstAsync(feed, SocialNoticeTypes.Kudos);
        Assert.Equal("following", (await bob.FollowAsync(ann.AthleteId)).Following);

        var shared = await RunAsync(ann, Visibility.Everyone, hoursAgo: 2);
        var forFollowers = await RunAsync(ann, Visibility.Followers, hoursAgo: 1);

        // Social reads the finished run from the log, its distance from the samples and Ann's name from Profiles.
        var page = await Eventually.MatchesAsync(() => bob.GetFeedAsync(), f => f.Items.Any(i => i.ActivityId == shared && i.Type == "activity"),
            TimeSpan.FromSeconds(60), "Ann's run in Bob's feed");
        var item = Assert.Single(page.Items, i => i.ActivityId == shared && i.Type == "activity");
        Assert.Equal("Ann", item.DisplayName);
        var kudoed = await bob.KudosAsync(item.ItemId);
        Assert.Equal((1L, true), (kudoed.Kudos, kudoed.KudosByMe));

        // Social's outbox publishes the notice; Notifications, in its own process, pushes it and keeps it in the inbox.
        var kudos = await kudosArrived.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal((item.ItemId.ToString(), "Bob"), ((string?)kudos.Payload["itemId"], (string?)kudos.Payload["displayName"]));
        var inbox = await ann.GetNotificationsAsync();
        Assert.Equal(kudos.Id, Assert.Single(inbox.Items, i => i.Type == SocialNoticeTypes.Kudos).Id);

        // TimeSeries, in a process of its own, asks Social over HTTP how the viewer stands with Ann.
        var listed = await Eventually.MatchesAsync(() => bob.ListActivitiesOfAsync(ann.AthleteId), l => l.Items.Count == 2, TimeSpan.FromSeconds(60),
            "both runs listed for a follower");
        Assert.Equal([forFollowers, shared], listed.Items.Select(a => a.ActivityId));
        Assert.Equal("followers", (await bob.GetActivityOfAsync(ann.AthleteId, forFollowers)).Visibility);
        Assert.Equal([shared], (await stranger.ListActivitiesOfAsync(ann.AthleteId)).Items.Select(a => a.ActivityId));
        var hidden = await Assert.ThrowsAsync<ApiProblemException>(() => stranger.GetActivityOfAsync(ann.AthleteId, forFollowers));
        Assert.Equal(HttpStatusCode.NotFound, hidden.Status);
    }

    [Fact]
    public async Task A_live_group_session_reaches_the_members_websockets_and_a_club_team_is_joined_once_gamification_asked_social()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports["Gateway"]}"), Timeout = TimeSpan.FromSeconds(30) };
        var ann = await FitnessDriverClient.SignUpAsync(http, "Ann");
        var bob = await FitnessDriverClient.SignUpAsync(http, "Bob");
        var cat = await FitnessDriverClient.SignUpAsync(http, "Cat");
        var club = await ann.CreateClubAsync(new CreateClubRequest("Harbour runners", null, "public"));
        await bob.JoinClubAsync(club.ClubId);

        // Gamification, in its own process, asks Social as the caller whether they are in the club.
        var now = DateTimeOffset.UtcNow;
        var challenge = await ann.CreateChallengeAsync(new CreateChallengeRequest("Harbour cup", "run", new ChallengeGoal(50_000),
            now.AddHours(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture), now.AddDays(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture), Teams: true));
        var team = (await bob.JoinChallengeAsync(challenge, new JoinChallengeRequest(ClubId: club.ClubId))).TeamId;
        Assert.NotNull(team);
        var outsider = await Assert.ThrowsAsync<ApiProblemException>(() => cat.JoinChallengeAsync(challenge, new JoinChallengeRequest(ClubId: club.ClubId)));
        Assert.Equal(HttpStatusCode.Forbidden, outsider.Status);

        // Social tallies Bob's samples, its update worker writes the standings to its outbox, Notifications pushes them.
        var session = await ann.CreateGroupSessionAsync(new CreateGroupSessionRequest("Harbour loop", club.ClubId));
        await bob.JoinGroupSessionAsync(session.SessionId);
        var refused = await Assert.ThrowsAsync<ApiProblemException>(() => cat.JoinGroupSessionAsync(session.SessionId));
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        await using var feed = await ann.OpenNotificationFeedAsync();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var activity = Guid.NewGuid();
        await bob.PutActivityAsync(activity, Sport.Run, start);
        await bob.PostSamplesAsync(activity, "watch", RunGenerator.Samples(start, 30, speed: 3));
        var update = await StandingsAsync(feed, session.SessionId, bob.AthleteId, 87).WaitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);
        Assert.Equal((2, "Bob", 1), ((int)update.Payload["memberCount"]!, (string?)update.Payload["members"]![0]!["displayName"], (int)update.Payload["members"]![0]!["rank"]!));
        Assert.Null(update.Payload["members"]![0]!["lat"]);
        await bob.LeaveGroupSessionAsync(session.SessionId);
        await ann.LeaveGroupSessionAsync(session.SessionId);
        Assert.Empty((await ann.ListGroupSessionsAsync()).Items);
    }

    [Fact]
    public async Task A_session_revoked_at_profiles_stops_working_at_the_other_services_within_five_seconds()
    {
        using var gateway = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports["Gateway"]}"), Timeout = TimeSpan.FromSeconds(30) };
        var athlete = await FitnessDriverClient.SignUpAsync(gateway, "Revoked");
        await athlete.PutActivityAsync(Guid.NewGuid(), Sport.Run, DateTimeOffset.UtcNow.AddMinutes(-10));
        await using var feed = await athlete.OpenNotificationFeedAsync();

        await athlete.LogoutAsync();
        var revoked = Stopwatch.StartNew();
        foreach (var service in new[] { "Telemetry", "TimeSeries", "Gamification", "Notifications", "Social" })
        {
            await Eventually.TrueAsync(async () => await StatusAtAsync(service, athlete.Token) == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(5),
                $"{service} to refuse the revoked token");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"every service refused the token {revoked.ElapsedMilliseconds} ms after logout");
        await foreach (var _ in feed.ReadAllAsync(TestContext.Current.CancellationToken))
        {
        }

        Assert.Equal("the token was revoked", feed.CloseReason);
    }

    private async Task<HttpStatusCode> StatusAtAsync(string service, string token)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[service]}") };
        var (method, path) = service switch
        {
            "Telemetry" => (HttpMethod.Put, $"/v1/activities/{Guid.NewGuid()}"),
            "TimeSeries" => (HttpMethod.Get, "/v1/activities"),
            "Gamification" => (HttpMethod.Get, "/v1/me/progress"),
            "Social" => (HttpMethod.Get, "/v1/feed"),
            _ => (HttpMethod.Get, "/v1/me/notifications"),
        };
        using var request = new HttpRequestMessage(method, path)
        {
            Content = method == HttpMethod.Put ? new StringContent($$"""{"sport":"run","startedAt":"{{DateTimeOffset.UtcNow.AddMinutes(-5):O}}"}""", System.Text.Encoding.UTF8, "application/json") : null,
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task RestartGamificationAsync(Func<Task> afterKill)
    {
        var gamification = processes.Single(p => p.Name == "FitnessDriver.Gamification");
        await gamification.KillAsync();
        await afterKill();
        processes.Remove(gamification);
        await gamification.DisposeAsync();
        processes.Add(await StartAsync("Gamification"));
    }

    /// <summary>Records and finishes a run of 400 s at 3 m/s, <paramref name="hoursAgo"/> hours before a few minutes ago.</summary>
    private static async Task<Guid> RunAsync(FitnessDriverClient athlete, Visibility visibility, int hoursAgo)
    {
        const int Seconds = 400;
        var activity = Guid.NewGuid();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - Seconds - 60 - (hoursAgo * 3600));
        await athlete.PutActivityWithStateAsync(activity, Sport.Run, start, visibility: visibility);
        await athlete.PostSamplesAsync(activity, "watch", RunGenerator.Samples(start, Seconds, speed: 3));
        await athlete.FinishAsync(activity, start.AddSeconds(Seconds));
        return activity;
    }

    private Task<ServiceProcess> StartAsync(string service) =>
        ServiceProcess.StartAsync($"FitnessDriver.{service}", ports[service], environment, directory.Path, Startup);

    private static async Task<NotificationItem> FirstAsync(NotificationFeed feed, string type)
    {
        await foreach (var item in feed.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            if (item.Type == type)
                return item;
        }

        throw new InvalidOperationException($"The notification stream closed before a {type} arrived.");
    }

    /// <summary>The first group-update of the session in which <paramref name="athleteId"/> has covered at least <paramref name="metres"/>.</summary>
    private static async Task<NotificationItem> StandingsAsync(NotificationFeed feed, Guid sessionId, Guid athleteId, double metres)
    {
        await foreach (var item in feed.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            if (item.Type == SocialNoticeTypes.GroupUpdate && (string?)item.Payload["sessionId"] == sessionId.ToString() &&
                item.Payload["members"]!.AsArray().Any(m => (string?)m!["athleteId"] == athleteId.ToString() && (double)m["distanceM"]! >= metres))
                return item;
        }

        throw new InvalidOperationException("The notification stream closed before the standings arrived.");
    }
}
