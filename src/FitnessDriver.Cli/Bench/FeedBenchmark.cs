using System.Diagnostics;
using System.Globalization;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>Sizes of the feed benchmark.</summary>
internal sealed record FeedBenchmarkSettings(int Followers, int ClubMembers, int Followees, int ItemsEach, int Activities, int Reads);

/// <summary>
/// The feed at scale, on a host and private PostgreSQL started here: an athlete with <c>Followers</c> followers who is in a
/// club of <c>ClubMembers</c> members finishes runs; a follower who also follows <c>Followees</c> others with a history each
/// reads the feed. It prints the rows each run adds to the feed and the time from Finish to the run heading the follower's
/// feed (first page), next to the baseline of fanning one item out on write (a binary COPY of a row per follower and member), and the
/// latency of reading a page of the home feed and of the club's feed.
/// </summary>
internal sealed class FeedBenchmark(FeedBenchmarkSettings settings)
{
    private const int PageSize = 30;
    private static readonly TimeSpan VisibleTimeout = TimeSpan.FromMinutes(2);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("fd-bench-feed-");
        try
        {
            var host = await BenchHost.StartAsync(data.FullName, "Starting the host and its PostgreSQL…", cancellationToken, BenchHost.NoRateLimits);
            await using (host)
            {
                await using var database = NpgsqlDataSource.Create(host.App.Configuration.GetConnectionString("Social")
                    ?? throw new InvalidOperationException("The bench host has no Social connection string."));
                using var http = new HttpClient { BaseAddress = new Uri(host.Urls.First()), Timeout = TimeSpan.FromMinutes(2) };
                var star = await FitnessDriverClient.SignUpAsync(http, "Star", cancellationToken);
                var reader = await FitnessDriverClient.SignUpAsync(http, "Reader", cancellationToken);
                var club = await SeedAsync(database, star, reader, cancellationToken);
                var (rowsPerRun, visible) = await FinishRunsAsync(star, reader, database, cancellationToken);
                var fanOut = await FeedSeed.FanOutOnWriteAsync(database, settings.Followers + settings.ClubMembers, cancellationToken);
                var home = await TimeReadsAsync(() => reader.GetFeedAsync(limit: PageSize, cancellationToken: cancellationToken), "home feed", cancellationToken);
                var clubFeed = await TimeReadsAsync(() => reader.GetClubFeedAsync(club, limit: PageSize, cancellationToken: cancellationToken), "club feed", cancellationToken);
                Print(rowsPerRun, visible, fanOut, home, clubFeed);
                return 0;
            }
        }
        finally
        {
            await BenchHost.RemoveAsync(data.FullName);
        }
    }

    private async Task<Guid> SeedAsync(NpgsqlDataSource database, FitnessDriverClient star, FitnessDriverClient reader, CancellationToken cancellationToken)
    {
        Guid club = default;
        await AnsiConsole.Status().StartAsync("Seeding followers, club members and the reader's follows…", async _ =>
        {
            await reader.FollowAsync(star.AthleteId, cancellationToken);
            club = (await reader.CreateClubAsync(new CreateClubRequest("Everyone's club", null, "public"), cancellationToken)).ClubId;
            await star.JoinClubAsync(club, cancellationToken);
            await FeedSeed.FollowersAsync(database, star.AthleteId, settings.Followers, cancellationToken);
            await FeedSeed.MembersAsync(database, club, settings.ClubMembers, cancellationToken);
            await FeedSeed.ClubHistoryAsync(database, club, Math.Min(settings.ClubMembers, settings.Followees), settings.ItemsEach, cancellationToken);
            await FeedSeed.FollowedHistoryAsync(database, reader.AthleteId, settings.Followees, settings.ItemsEach, cancellationToken);
        });
        return club;
    }

    /// <summary>The star finishes runs one after another; each is timed from Finish's 202 until it is on the first page of the reader's feed.</summary>
    private async Task<(double RowsPerRun, List<double> Visible)> FinishRunsAsync(FitnessDriverClient star, FitnessDriverClient reader, NpgsqlDataSource database,
        CancellationToken cancellationToken)
    {
        var visible = new List<double>();
        var entriesBefore = await CountEntriesAsync(database, cancellationToken);
        await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask("Runs finished and seen in a follower's feed", maxValue: settings.Activities);
            // Runs two minutes apart in the past: overlapping ones would be merged as one workout recorded twice.
            var first = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (settings.Activities + 1) * 120L;
            for (var i = 0; i < settings.Activities; i++)
            {
                var activity = Guid.NewGuid();
                var start = DateTimeOffset.FromUnixTimeSeconds(first + i * 120L);
                await star.PutActivityWithStateAsync(activity, Sport.Run, start, cancellationToken: cancellationToken);
                await star.PostSamplesAsync(activity, "phone", [.. Enumerable.Range(0, 60).Select(s => new Sample(start.AddSeconds(s).ToUnixTimeMilliseconds(), Hr: 140,
                    Speed: 3, Distance: s * 3.0))], cancellationToken: cancellationToken);
                await star.FinishAsync(activity, start.AddSeconds(60), cancellationToken);
                var finished = Stopwatch.GetTimestamp();
                while (!(await reader.GetFeedAsync(limit: PageSize, cancellationToken: cancellationToken)).Items.Any(item => item.Type == "activity" && item.ActivityId == activity))
                {
                    if (Stopwatch.GetElapsedTime(finished) > VisibleTimeout)
                        throw new TimeoutException($"A finished run did not reach the follower's feed within {VisibleTimeout.TotalMinutes:0} minutes.");
                    await Task.Delay(10, cancellationToken);
                }

                visible.Add(Stopwatch.GetElapsedTime(finished).TotalMilliseconds);
                task.Increment(1);
            }
        });
        // Every run also brings achievements (a badge, a level): the rows per run count them all.
        return ((await CountEntriesAsync(database, cancellationToken) - entriesBefore) / (double)settings.Activities, visible);
    }

    private async Task<List<double>> TimeReadsAsync(Func<Task<FeedPage>> read, string what, CancellationToken cancellationToken)
    {
        var timings = new List<double>();
        await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask($"Pages of the {what}", maxValue: settings.Reads);
            for (var i = 0; i < settings.Reads; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var page = await read();
                if (page.Items.Count != PageSize)
                    throw new InvalidOperationException($"The {what} gave {page.Items.Count} items, not a full page of {PageSize}.");
                timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                task.Increment(1);
                cancellationToken.ThrowIfCancellationRequested();
            }
        });
        return timings;
    }

    private static async Task<long> CountEntriesAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT count(*) FROM social.feed_entries");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private void Print(double rowsPerRun, List<double> visible, TimeSpan fanOut, List<double> home, List<double> clubFeed)
    {
        var table = new Table().AddColumns("measure", "count", "p50 ms", "p95 ms", "p99 ms", "max ms");
        void Row(string what, List<double> values)
        {
            var f = LatencyFigures.Of(values);
            table.AddRow(what, f.Count.ToString(CultureInfo.InvariantCulture), LatencyFigures.Ms(f.P50), LatencyFigures.Ms(f.P95), LatencyFigures.Ms(f.P99), LatencyFigures.Ms(f.Max));
        }

        Row("Finish 202 → the run on a follower's first feed page", visible);
        Row($"home feed page ({PageSize} items; {settings.Followees + 1:N0} followed + 1 club)", home);
        Row($"club feed page ({PageSize} items; {settings.ClubMembers + 2:N0} members)", clubFeed);
        AnsiConsole.Write(table);
        var readers = settings.Followers + settings.ClubMembers;
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Fan-out per run here: {rowsPerRun:F1} feed rows (the run and its achievements, each in the athlete's channel and the club's), for {settings.Followers:N0} followers and {settings.ClubMembers:N0} club members."));
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Baseline, fan-out on write: one item to {readers:N0} readers is {readers:N0} rows; a binary COPY of them took {fanOut.TotalMilliseconds:N0} ms ({readers / fanOut.TotalSeconds:N0} rows/s), per item."));
    }
}
