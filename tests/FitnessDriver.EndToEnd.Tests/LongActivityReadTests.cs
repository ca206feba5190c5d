using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>
/// A 200,000-second activity read a page at a time, down-sampled and summarised: pages join into exactly what was sent,
/// a down-sampled stream keeps the extremes, and the kept summary equals one computed again from the samples.
/// </summary>
public sealed class LongActivityReadTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private const int Seconds = 200_000;
    private const int PeakAt = 123_456;
    private const int LowAt = 54_321;
    private static readonly DateTimeOffset Start = new(2024, 2, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static (FitnessDriverClient Athlete, Guid ActivityId, List<Sample> Samples)? longActivity;
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task Pages_of_a_long_activity_join_into_exactly_the_samples_sent()
    {
        var (athlete, activityId, samples) = await LongActivityAsync();
        var pages = new List<ActivityStreams>();
        long? from = null;
        do
        {
            var page = await athlete.GetStreamsPageAsync(activityId, $"resolution=1s&channels=hr,distance,lat,lon&limit=7000{(from is null ? "" : $"&from={from}")}");
            Assert.InRange(page.T.Count, 1, 7000);
            Assert.True(page.Next is null || page.Next > page.T[^1], "the next page starts after this one");
            pages.Add(page);
            from = page.Next;
        }
        while (from is not null);

        Assert.Equal((Seconds + 6999) / 7000, pages.Count);
        var joined = pages.Aggregate(StreamPages.Join);
        Assert.Equal(samples.Select(s => s.T), joined.T);
        Assert.Equal(samples.Select(s => (double?)s.Hr), joined.Hr!);
        Assert.Equal(samples.Select(s => s.Distance is { } d ? Math.Round(d, 1) : (double?)null), joined.Distance!);
        Assert.Equal(samples.Select(s => s.Lat is { } lat ? Math.Round(lat, 7) : (double?)null), joined.Lat!);
        Assert.Equal(samples.Select(s => s.Lon is { } lon ? Math.Round(lon, 7) : (double?)null), joined.Lon!);
        Assert.Equal(joined.T, (await athlete.GetStreamsAsync(activityId, "1s", "hr")).T);
    }

    [Fact]
    public async Task A_down_sampled_stream_has_the_points_asked_for_and_keeps_the_extremes()
    {
        var (athlete, activityId, samples) = await LongActivityAsync();
        var streams = await athlete.GetStreamsPageAsync(activityId, "resolution=1s&channels=hr,speed&points=1000");
        Assert.Equal(1000, streams.T.Count);
        Assert.Null(streams.Next);
        Assert.True(streams.T.Zip(streams.T.Skip(1)).All(pair => pair.First < pair.Second), "points are in time order");
        var byTime = samples.ToDictionary(s => s.T);
        Assert.All(streams.T.Zip(streams.Hr!), point => Assert.Equal(byTime[point.First].Hr, (int?)point.Second));
        Assert.Contains(samples[PeakAt].T, streams.T);
        Assert.Contains(samples[LowAt].T, streams.T);
        Assert.Equal(samples.Max(s => s.Hr), (int?)streams.Hr!.Max());
        Assert.Equal(samples.Min(s => s.Hr), (int?)streams.Hr!.Min());

        var window = await athlete.GetStreamsPageAsync(activityId, $"resolution=10s&channels=hr&points=100&from={samples[1000].T}&to={samples[11_000].T}");
        Assert.Equal(100, window.T.Count);
        Assert.All(window.T, t => Assert.InRange(t, samples[1000].T, samples[11_000].T - 1));
    }

    [Fact]
    public async Task The_summary_of_a_long_activity_is_kept_and_equals_one_computed_again()
    {
        var (athlete, activityId, samples) = await LongActivityAsync();
        var first = await athlete.GetActivityAsync(activityId);
        Assert.Equal(Seconds, first.SampleCount);
        Assert.Equal(Math.Round(samples.Average(s => (double)s.Hr!.Value), 1), first.AvgHr);
        Assert.Equal(samples.Max(s => s.Hr), first.MaxHr);
        Assert.Equal(Math.Round(samples[^1].Distance!.Value, 1), first.DistanceM);
        Assert.Equal(Seconds - 1, first.MovingS);
        Assert.Equal(1L, await ScalarAsync<long>($"SELECT count(*) FROM timeseries.activity_summaries WHERE activity_id = '{activityId}' AND computed"));

        Assert.Equal(first, await athlete.GetActivityAsync(activityId), SummaryComparer.Instance);
        await SummaryComparer.ForgetKeptFiguresAsync(platform, activityId);
        Assert.Equal(first, await athlete.GetActivityAsync(activityId), SummaryComparer.Instance);
    }

    [Fact]
    public async Task Samples_that_arrive_late_inside_an_activity_change_its_kept_summary_and_streams()
    {
        var athlete = await platform.NewAthleteAsync();
        var activityId = Guid.NewGuid();
        var start = new DateTimeOffset(2024, 6, 3, 7, 0, 0, TimeSpan.Zero);
        await athlete.PutActivityAsync(activityId, Sport.Run, start);
        var samples = RunGenerator.Samples(start, 3000);
        await athlete.PostSamplesAsync(activityId, "watch", [.. samples.Take(1000), .. samples.Skip(1100)]);
        await platform.WaitForConsumersAsync();
        var before = await athlete.GetActivityAsync(activityId);
        Assert.Equal(2900, before.SampleCount);
        Assert.Equal(2900, (await athlete.GetStreamsAsync(activityId, "1s", "hr")).T.Count);

        await athlete.PostSamplesAsync(activityId, "watch", [.. samples.Skip(1000).Take(100).Select(s => s with { Hr = 230 })]);
        await platform.WaitForConsumersAsync();
        var after = await athlete.GetActivityAsync(activityId);
        Assert.Equal(3000, after.SampleCount);
        Assert.Equal(230, after.MaxHr);
        Assert.Equal(3000, (await athlete.GetStreamsAsync(activityId, "1s", "hr")).T.Count);

        await athlete.PostSamplesAsync(activityId, "chest", [.. samples.Take(10).Select(s => s with { Hr = 240, Distance = null, Lat = null, Lon = null })], DeviceKinds.ChestStrap);
        await platform.WaitForConsumersAsync();
        var withStrap = await athlete.GetActivityAsync(activityId);
        Assert.Equal(3010, withStrap.SampleCount);
        Assert.Equal(240, withStrap.MaxHr);
        Assert.Equal(["chest", "watch"], withStrap.Devices);
    }

    [Fact]
    public async Task A_page_of_streams_reads_only_the_partition_of_its_times()
    {
        if (await ScalarAsync<string>("SELECT variant FROM timeseries.schema_migrations WHERE version = '002_samples'") != "plain")
            Assert.Skip("TimescaleDB chunks are excluded by the same time bounds; this test reads native partitions' scan counters.");
        var (athlete, activityId, samples) = await LongActivityAsync();
        var other = await platform.NewAthleteAsync();
        var elsewhere = Guid.NewGuid();
        var june = new DateTimeOffset(2023, 6, 1, 9, 0, 0, TimeSpan.Zero);
        await other.PutActivityAsync(elsewhere, Sport.Run, june);
        await other.PostSamplesAsync(elsewhere, "watch", RunGenerator.Samples(june, 60));
        await platform.WaitForConsumersAsync();
        await athlete.GetStreamsPageAsync(activityId, "resolution=1s&limit=10");

        var scansBefore = await SettledScansAsync();
        // The first hour lies in February: neither March (where the activity ends) nor June (another activity) is read.
        var page = await athlete.GetStreamsPageAsync(activityId, $"resolution=1s&limit=3600&from={samples[0].T}");
        Assert.Equal(3600, page.T.Count);
        var scansAfter = await Eventually.MatchesAsync(ScansAsync, scans => scans["samples_y2024m02"] > scansBefore["samples_y2024m02"], TimeSpan.FromSeconds(30),
            "the page's scan of the February partition is counted");
        Assert.Equal(scansBefore["samples_y2024m03"], scansAfter["samples_y2024m03"]);
        Assert.Equal(scansBefore["samples_y2023m06"], scansAfter["samples_y2023m06"]);
    }

    /// <summary>The scan counters once the servers' statistics are flushed: a server process reports them when idle, within 10 s.</summary>
    private async Task<Dictionary<string, long>> SettledScansAsync()
    {
        var scans = await ScansAsync();
        var stillSince = DateTime.UtcNow;
        while (DateTime.UtcNow - stillSince < TimeSpan.FromSeconds(12))
        {
            await Task.Delay(1000);
            var next = await ScansAsync();
            if (!next.SequenceEqual(scans))
                (scans, stillSince) = (next, DateTime.UtcNow);
        }

        return scans;
    }

    private async Task<Dictionary<string, long>> ScansAsync()
    {
        var scans = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var partition in new[] { "samples_y2024m02", "samples_y2024m03", "samples_y2023m06" })
        {
            scans[partition] = await ScalarAsync<long>(
                $"SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE schemaname = 'timeseries' AND relname = '{partition}'");
        }

        return scans;
    }

    private async Task<(FitnessDriverClient Athlete, Guid ActivityId, List<Sample> Samples)> LongActivityAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (longActivity is { } known)
                return known;
            var athlete = await platform.NewAthleteAsync();
            var activityId = Guid.NewGuid();
            await athlete.PutActivityAsync(activityId, Sport.Run, Start);
            var samples = RunGenerator.Samples(Start, Seconds);
            samples[PeakAt] = samples[PeakAt] with { Hr = 201 };
            samples[LowAt] = samples[LowAt] with { Hr = 61 };
            foreach (var batch in samples.Chunk(5000))
                await athlete.PostSamplesAsync(activityId, "watch", batch);
            await platform.WaitForConsumersAsync();
            longActivity = (athlete, activityId, samples);
            return longActivity.Value;
        }
        finally
        {
            Once.Release();
        }
    }

    private Task<T> ScalarAsync<T>(string sql) => PostgresFixture.ScalarAsync<T>(platform.ConnectionString, sql);
}
