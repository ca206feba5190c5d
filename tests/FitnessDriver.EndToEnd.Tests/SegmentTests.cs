using System.Net;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>
/// Segments made from a stretch of a real run (a Fenix 2 FIT file), matched on the same run imported by another athlete
/// and recorded live, 10 % faster, by a third.
/// </summary>
public sealed class SegmentTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private const string RunFile = "activity-small-fenix2-run.fit";
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task A_stretch_of_a_run_becomes_a_segment_that_imported_and_live_runs_are_timed_and_ranked_on()
    {
        var maker = await platform.NewAthleteAsync("Maker");
        var source = await ImportAsync(maker);
        await platform.WaitForConsumersAsync();
        var (startT, endT) = await StretchAsync(maker, source, 0.25, 0.55);
        var segment = await maker.CreateSegmentAsync(new CreateSegmentRequest("Riverside", source, startT, endT));
        Assert.Equal(("Riverside", "run", true), (segment.Name, segment.Sport, segment.Mine));
        Assert.InRange(segment.DistanceM, 500, 5_000);
        Assert.Equal((segment.Path[0][0], segment.Path[0][1]), (segment.Start.Lat, segment.Start.Lon));

        var importer = await platform.NewAthleteAsync("Importer");
        var live = await platform.NewAthleteAsync("Live");
        await using var feed = await live.OpenNotificationFeedAsync();
        var imported = await ImportAsync(importer);
        var recorded = await RecordFasterAsync(live, 0.9);
        await platform.WaitForConsumersAsync();

        var importedEffort = Assert.Single((await importer.GetSegmentEffortsAsync(activityId: imported)).Items);
        Assert.Equal((segment.SegmentId, "Riverside"), (importedEffort.SegmentId, importedEffort.Name));
        Assert.Equal((endT - startT) / 1000.0, importedEffort.ElapsedS, 1);
        var liveEffort = Assert.Single((await live.GetSegmentEffortsAsync(segmentId: segment.SegmentId)).Items);
        Assert.Equal((endT - startT) / 1000.0 * 0.9, liveEffort.ElapsedS, 0);
        Assert.Empty((await maker.GetSegmentEffortsAsync()).Items);

        var board = await maker.GetSegmentLeaderboardAsync(segment.SegmentId);
        Assert.Equal(2, board.Athletes);
        Assert.Equal([(1, "Live", recorded), (2, "Importer", imported)], board.Entries.Select(e => (e.Rank, e.DisplayName!, e.ActivityId)));
        Assert.Equal(liveEffort.Display, board.Entries[0].Display);
        // The imported run is from 2015: this week's board has only the live one.
        var week = await importer.GetSegmentLeaderboardAsync(segment.SegmentId, period: "week");
        Assert.Equal((1L, recorded), (week.Athletes, Assert.Single(week.Entries).ActivityId));
        Assert.NotNull(week.From);

        var pushed = await NextSegmentFinishedAsync(feed);
        Assert.Equal((segment.SegmentId.ToString(), "Riverside", 1L, 2L, true), (pushed.Payload["segmentId"]!.GetValue<string>(), pushed.Payload["name"]!.GetValue<string>(),
            pushed.Payload["rank"]!.GetValue<long>(), pushed.Payload["athletes"]!.GetValue<long>(), pushed.Payload["personalBest"]!.GetValue<bool>()));
        Assert.Null(pushed.Payload["imported"]);
        var importedNotice = Assert.Single((await importer.GetNotificationsAsync()).Items, i => i.Type == AchievementTypes.SegmentFinished);
        Assert.True(importedNotice.Payload["imported"]!.GetValue<bool>());

        await live.DeleteActivityAsync(recorded);
        await platform.WaitForConsumersAsync();
        Assert.Equal(["Importer"], (await maker.GetSegmentLeaderboardAsync(segment.SegmentId)).Entries.Select(e => e.DisplayName));
        Assert.Empty((await live.GetSegmentEffortsAsync()).Items);

        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<ApiProblemException>(() => importer.DeleteSegmentAsync(segment.SegmentId))).Status);
        await maker.DeleteSegmentAsync(segment.SegmentId);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => importer.GetSegmentAsync(segment.SegmentId))).Status);
        Assert.Empty((await importer.GetSegmentEffortsAsync()).Items);
    }

    [Fact]
    public async Task A_stretch_that_is_hidden_too_short_or_not_the_callers_is_refused_with_the_reason()
    {
        var maker = await platform.NewAthleteAsync("Private");
        var source = await ImportAsync(maker);
        await platform.WaitForConsumersAsync();
        var streams = await maker.GetStreamsAsync(source, "1s", "lat,lon");
        var (startT, endT) = await StretchAsync(maker, source, 0.25, 0.55);
        var middle = streams.T.Select((t, i) => (t, i)).First(p => p.t >= (startT + endT) / 2 && streams.Lat![p.i] is not null).i;

        await maker.SetPrivacyAsync(new PrivacySettingsRequest([new PrivacyZoneRequest(streams.Lat![middle], streams.Lon![middle], 200)], null));
        var hidden = await RefusedAsync(maker, new CreateSegmentRequest("Home", source, startT, endT));
        Assert.Contains("privacy", hidden.Problem!["errors"]!["startT"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await maker.SetPrivacyAsync(new PrivacySettingsRequest([], 1000));
        Assert.Contains("privacy", (await RefusedAsync(maker, new CreateSegmentRequest("Start", source, streams.T[0], endT))).Problem!["errors"]!["startT"]![0]!.GetValue<string>(),
            StringComparison.Ordinal);
        var shortStretch = await RefusedAsync(maker, new CreateSegmentRequest("Short", source, startT, startT + 5_000));
        Assert.Contains("a segment is 100 to 50,000 m", shortStretch.Problem!["errors"]!["endT"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var invalid = await RefusedAsync(maker, new CreateSegmentRequest(" ", null, endT, startT));
        Assert.Equal(["activityId", "endT", "name"], invalid.Problem!["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));

        var stranger = await platform.NewAthleteAsync("Stranger");
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() =>
            stranger.CreateSegmentAsync(new CreateSegmentRequest("Theirs", source, startT, endT)))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => stranger.GetSegmentLeaderboardAsync(Guid.NewGuid()))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<ApiProblemException>(() =>
            stranger.GetSegmentLeaderboardAsync(Guid.NewGuid(), period: "decade"))).Status);
        Assert.Empty((await maker.ListSegmentsAsync()).Items);
    }

    private static async Task<ApiProblemException> RefusedAsync(FitnessDriverClient athlete, CreateSegmentRequest request)
    {
        var refused = await Assert.ThrowsAsync<ApiProblemException>(() => athlete.CreateSegmentAsync(request));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        return refused;
    }

    private static async Task<Guid> ImportAsync(FitnessDriverClient athlete)
    {
        await using var file = File.OpenRead(RepositoryFiles.DeviceFile("fit", RunFile));
        return (await athlete.ImportAsync(file, RunFile)).ActivityId;
    }

    /// <summary>The stream times of the first positions at these fractions of the activity.</summary>
    private static async Task<(long StartT, long EndT)> StretchAsync(FitnessDriverClient athlete, Guid activity, double from, double to)
    {
        var streams = await athlete.GetStreamsAsync(activity, "1s", "lat,lon");
        long At(double fraction) => streams.T.Select((t, i) => (t, i)).First(p => p.i >= streams.T.Count * fraction && streams.Lat![p.i] is not null).t;
        return (At(from), At(to));
    }

    /// <summary>The run recorded live, ending a few minutes ago, every sample's time from the start scaled by <paramref name="pace"/>.</summary>
    private static async Task<Guid> RecordFasterAsync(FitnessDriverClient athlete, double pace)
    {
        List<Sample> samples;
        await using (var file = File.OpenRead(RepositoryFiles.DeviceFile("fit", RunFile)))
            samples = [.. ActivityFileDecoder.Decode(file).Samples];
        var (first, last) = (samples[0].T, samples[^1].T);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000 * 1000 - (long)((last - first) * pace) - 300_000;
        var activity = Guid.NewGuid();
        await athlete.PutActivityAsync(activity, Sport.Run, DateTimeOffset.FromUnixTimeMilliseconds(start));
        var shifted = samples.Select(s => s with { T = start + (long)Math.Round((s.T - first) * pace) }).DistinctBy(s => s.T).ToList();
        foreach (var chunk in shifted.Chunk(600))
            await athlete.PostSamplesAsync(activity, "watch", chunk, DeviceKinds.Watch);
        return activity;
    }

    private static async Task<NotificationItem> NextSegmentFinishedAsync(NotificationFeed feed)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await foreach (var item in feed.ReadAllAsync(timeout.Token))
        {
            if (item.Type == AchievementTypes.SegmentFinished)
                return item;
        }

        throw new InvalidOperationException("The feed ended without a segment-finished notification.");
    }
}
