using System.Diagnostics;
using System.Globalization;
using FitnessDriver.Client;
using FitnessDriver.Contracts.Api;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>One timed read: its wall time and how far the process's resident memory rose above where it started.</summary>
internal sealed record ReadTiming(string What, TimeSpan Wall, long RssGrowthBytes, string Detail);

/// <summary>
/// Reads of one long activity on a host and private PostgreSQL started here: a generated GPX file of
/// <paramref name="points"/> one-second points is imported, then the summary (first and repeated), a full-resolution
/// page, the whole 10 s and 1 min streams and a down-sampled stream are timed, next to a count and a binary COPY of the
/// activity's rows straight from the database.
/// </summary>
internal sealed class ReadsBenchmark(int points, int repeats)
{
    private const double SummaryGoalMs = 200;
    private const double PageGoalMs = 500;
    private const long RssGoalBytes = 100L * 1024 * 1024;
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromMinutes(20);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("fd-bench-reads-");
        try
        {
            var host = await BenchHost.StartAsync(data.FullName, "Starting the host and its PostgreSQL…", cancellationToken, BenchHost.NoRateLimits);
            await using (host)
            {
                await using var database = NpgsqlDataSource.Create(host.App.Configuration.GetConnectionString("TimeSeries")
                    ?? throw new InvalidOperationException("The bench host has no TimeSeries connection string."));
                using var http = new HttpClient { BaseAddress = new Uri(host.Urls.First()), Timeout = TimeSpan.FromMinutes(10) };
                var client = await FitnessDriverClient.SignUpAsync(http, "Long activity", cancellationToken);
                await WarmUpAsync(client, database, data.FullName, cancellationToken);
                var gpx = Path.Combine(data.FullName, "long.gpx");
                var start = DateTimeOffset.UtcNow.AddSeconds(-points).AddDays(-1);
                var fileBytes = LongGpx.Write(gpx, start, points);
                var activityId = await ImportAsync(client, database, gpx, fileBytes, cancellationToken);
                var timings = await TimeReadsAsync(client, database, activityId, start.ToUnixTimeMilliseconds(), cancellationToken);
                return Print(timings, fileBytes) ? 0 : 1;
            }
        }
        finally
        {
            await BenchHost.RemoveAsync(data.FullName);
        }
    }

    /// <summary>
    /// Runs every read once on an hour-long activity, so the timed reads find the host's code compiled and its connections
    /// open, as a running service has them.
    /// </summary>
    private static async Task WarmUpAsync(FitnessDriverClient client, NpgsqlDataSource database, string folder, CancellationToken cancellationToken)
    {
        const int WarmUpPoints = 3600;
        var gpx = Path.Combine(folder, "warm-up.gpx");
        var fileBytes = LongGpx.Write(gpx, DateTimeOffset.UtcNow.AddDays(-30), WarmUpPoints);
        var activityId = await ImportAsync(client, database, gpx, fileBytes, WarmUpPoints, cancellationToken);
        await client.GetActivityAsync(activityId, cancellationToken);
        await client.GetStreamsPageAsync(activityId, "resolution=1s", cancellationToken);
        await client.GetStreamsAsync(activityId, "10s", cancellationToken: cancellationToken);
        await client.GetStreamsAsync(activityId, "1m", cancellationToken: cancellationToken);
        await client.GetStreamsPageAsync(activityId, "resolution=1s&channels=speed,lat,lon&points=200", cancellationToken);
    }

    private Task<Guid> ImportAsync(FitnessDriverClient client, NpgsqlDataSource database, string gpx, long fileBytes, CancellationToken cancellationToken) =>
        ImportAsync(client, database, gpx, fileBytes, points, cancellationToken);

    private static async Task<Guid> ImportAsync(FitnessDriverClient client, NpgsqlDataSource database, string gpx, long fileBytes, int points,
        CancellationToken cancellationToken)
    {
        Guid activityId = default;
        await AnsiConsole.Status().StartAsync($"Importing a {fileBytes / 1048576.0:F0} MiB GPX file of {points:N0} points and waiting until they are stored…", async _ =>
        {
            await using (var file = File.OpenRead(gpx))
                activityId = (await client.ImportAsync(file, Path.GetFileName(gpx), "ride", cancellationToken)).ActivityId;
            var started = Stopwatch.GetTimestamp();
            while (await CountAsync(database, activityId, cancellationToken) < points)
            {
                if (Stopwatch.GetElapsedTime(started) > StoreTimeout)
                    throw new TimeoutException($"The imported samples were not all stored within {StoreTimeout.TotalMinutes:0} minutes.");
                await Task.Delay(1000, cancellationToken);
            }
        });
        return activityId;
    }

    private async Task<List<ReadTiming>> TimeReadsAsync(FitnessDriverClient client, NpgsqlDataSource database, Guid activityId, long start, CancellationToken cancellationToken)
    {
        var timings = new List<ReadTiming>
        {
            await TimeAsync("baseline: SELECT count(*) of the activity's rows", async () => $"{await CountAsync(database, activityId, cancellationToken):N0} rows"),
            await TimeAsync("baseline: binary COPY TO of the activity's rows", async () => $"{await CopyOutAsync(database, activityId, cancellationToken) / 1048576.0:F1} MiB"),
            await TimeAsync("summary, first read after the last sample", async () => Describe(await client.GetActivityAsync(activityId, cancellationToken))),
        };
        var repeated = new List<ReadTiming>();
        for (var i = 0; i < repeats; i++)
            repeated.Add(await TimeAsync("summary, read again", async () => Describe(await client.GetActivityAsync(activityId, cancellationToken))));
        timings.Add(Median(repeated, $"summary, read again (median of {repeats})"));
        var middle = start + (points / 2 * 1000L);
        var pages = new List<ReadTiming>();
        for (var i = 0; i < repeats; i++)
            pages.Add(await TimeAsync("page", async () => Describe(await client.GetStreamsPageAsync(activityId, $"resolution=1s&from={middle}", cancellationToken))));
        timings.Add(Median(pages, $"1 s page (default limit), all channels (median of {repeats})"));
        timings.Add(await TimeAsync("10 s stream, every page", async () => Describe(await client.GetStreamsAsync(activityId, "10s", cancellationToken: cancellationToken))));
        timings.Add(await TimeAsync("1 min stream, every page", async () => Describe(await client.GetStreamsAsync(activityId, "1m", cancellationToken: cancellationToken))));
        timings.Add(await TimeAsync("1 s stream down-sampled to 2,000 points", async () =>
            Describe(await client.GetStreamsPageAsync(activityId, "resolution=1s&channels=speed,lat,lon&points=2000", cancellationToken))));
        return timings;
    }

    private static async Task<ReadTiming> TimeAsync(string what, Func<Task<string>> read)
    {
        PeakMemory.Reset();
        var before = CurrentRss();
        var started = Stopwatch.GetTimestamp();
        string detail;
        try
        {
            detail = await read();
        }
        catch (ApiProblemException e)
        {
            // A read that fails (a query that outlived its timeout on a busy machine) is shown, and the others still measured.
            detail = "failed: " + e.Message;
        }

        return new ReadTiming(what, Stopwatch.GetElapsedTime(started), Math.Max(0, PeakMemory.Bytes() - before), detail);
    }

    private static ReadTiming Median(List<ReadTiming> timings, string what)
    {
        var median = timings.OrderBy(t => t.Wall).ElementAt(timings.Count / 2);
        return median with { What = what, RssGrowthBytes = timings.Max(t => t.RssGrowthBytes) };
    }

    private static long CurrentRss()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static string Describe(ActivitySummary summary) =>
        string.Create(CultureInfo.InvariantCulture, $"{summary.SampleCount:N0} samples, {summary.DistanceM / 1000:F1} km, moving {summary.MovingS:N0} s");

    private static string Describe(ActivityStreams streams) =>
        string.Create(CultureInfo.InvariantCulture, $"{streams.T.Count:N0} points{(streams.Next is null ? "" : ", next page follows")}");

    private static async Task<long> CountAsync(NpgsqlDataSource database, Guid activityId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT count(*) FROM timeseries.samples WHERE activity_id = $1");
        command.Parameters.Add(new() { Value = activityId });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<long> CopyOutAsync(NpgsqlDataSource database, Guid activityId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var copy = await connection.BeginRawBinaryCopyAsync(
            $"COPY (SELECT * FROM timeseries.samples WHERE activity_id = '{activityId}') TO STDOUT (FORMAT BINARY)", cancellationToken);
        var buffer = new byte[81920];
        long bytes = 0;
        int read;
        while ((read = await copy.ReadAsync(buffer, cancellationToken)) > 0)
            bytes += read;
        return bytes;
    }

    private static bool Print(List<ReadTiming> timings, long fileBytes)
    {
        var table = new Table().Title(string.Create(CultureInfo.InvariantCulture, $"[bold]Reads of one activity imported from a {fileBytes / 1048576.0:F0} MiB GPX file[/]"))
            .AddColumns("read", "ms", "RSS growth MB", "answer");
        foreach (var timing in timings)
        {
            table.AddRow(Markup.Escape(timing.What), timing.Wall.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture),
                (timing.RssGrowthBytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture), Markup.Escape(timing.Detail));
        }

        AnsiConsole.Write(table);
        var summary = timings.Single(t => t.What.StartsWith("summary, first read", StringComparison.Ordinal));
        var page = timings.Single(t => t.What.StartsWith("1 s page", StringComparison.Ordinal));
        var rss = timings.Max(t => t.RssGrowthBytes);
        var met = summary.Wall.TotalMilliseconds <= SummaryGoalMs && page.Wall.TotalMilliseconds <= PageGoalMs && rss <= RssGoalBytes
            && !timings.Any(t => t.Detail.StartsWith("failed: ", StringComparison.Ordinal));
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Goals: summary ≤ {SummaryGoalMs:0} ms, page ≤ {PageGoalMs:0} ms, RSS growth ≤ {RssGoalBytes / 1048576} MB: {(met ? "[green]met[/]" : "[red]not met[/]")}."));
        return met;
    }
}
