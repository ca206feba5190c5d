using System.Diagnostics;
using System.Globalization;
using System.Net;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Hosting;
using FitnessDriver.Postgres.Local;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>What <c>fd bench burst</c> runs.</summary>
/// <param name="Url">The platform.</param>
/// <param name="Athletes">Athletes who press Finish at once.</param>
/// <param name="Concurrency">Requests in flight at most.</param>
/// <param name="StopDatabase">How long the host's private PostgreSQL is stopped from just before the burst (zero: not at all).</param>
/// <param name="DataDirectory">The running host's data directory, where its private PostgreSQL is.</param>
/// <param name="StoreTimeout">How long to wait for every acknowledged finish to be stored.</param>
internal sealed record BurstSettings(Uri Url, int Athletes, int Concurrency, TimeSpan StopDatabase, string DataDirectory, TimeSpan StoreTimeout);

/// <summary>
/// A mass finish (a New Year marathon): athletes with open activities press Finish at the same moment, optionally while
/// the database is down. Prints how many were acknowledged, the acknowledgement latency, and how long until every
/// acknowledged finish was stored; an acknowledged finish never stored counts as lost.
/// </summary>
internal sealed class BurstBenchmark(BurstSettings settings)
{
    private const int WarmUp = 10_000;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = settings.Url, Timeout = TimeSpan.FromSeconds(60) };
        if (!await PlatformReachability.CheckAsync(http, cancellationToken))
            return 2;
        LocalPostgresCluster? database = null;
        try
        {
            if (settings.StopDatabase > TimeSpan.Zero)
                database = LocalPostgresCluster.Attach(new LocalPostgresOptions { Directory = Path.Combine(settings.DataDirectory, "postgres") }, NullLogger.Instance);
        }
        catch (StartupException e)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]--stop-database: {e.Message}[/] (--data-dir names the host's FD_DATA_DIR)");
            return 2;
        }

        // A host that has been up for a while has its request path compiled for speed; a short warm-up burst, not
        // counted, gets a fresh one there too.
        var warmUp = Math.Min(WarmUp, settings.Athletes);
        List<(FitnessDriverClient Client, Guid ActivityId)> everyone;
        try
        {
            everyone = await PrepareAsync(http, settings.Athletes + warmUp, cancellationToken);
        }
        catch (ApiProblemException e) when (e.Status == HttpStatusCode.TooManyRequests)
        {
            PlatformReachability.ExplainSignUpLimit();
            return 2;
        }

        // The burst starts on a settled platform, as a real one would be hours into a race: the runs opened last are stored.
        await AnsiConsole.Status().StartAsync("Waiting for the platform to store the runs just opened…", async _ =>
            await UntilReadableAsync(everyone.TakeLast(200).ToList(), cancellationToken));
        await FinishAllAsync(everyone[..warmUp], "Warm-up: finishes not counted", cancellationToken);
        var athletes = everyone[warmUp..];
        var restarted = Task.CompletedTask;
        if (database is not null)
        {
            await database.StopAsync(cancellationToken);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"PostgreSQL stopped for [bold]{settings.StopDatabase.TotalSeconds:0} s[/].");
            restarted = RestartLaterAsync(database, cancellationToken);
        }

        try
        {
            var burst = await FinishAllAsync(athletes, $"{athletes.Count:N0} athletes press Finish", cancellationToken);
            await restarted;
            var acknowledged = Enumerable.Range(0, athletes.Count).Where(i => burst.Statuses[i] == (int)HttpStatusCode.Accepted)
                .OrderBy(i => burst.AnsweredAt[i]).Select(i => athletes[i]).ToList();
            var stored = await WaitUntilStoredAsync(acknowledged, burst.Started, cancellationToken);
            Print(burst, stored);
            return stored.Lost == 0 ? 0 : 1;
        }
        finally
        {
            if (database is not null && !restarted.IsCompleted)
                await restarted;
        }
    }

    private async Task<List<(FitnessDriverClient Client, Guid ActivityId)>> PrepareAsync(HttpClient http, int count, CancellationToken cancellationToken)
    {
        var athletes = new (FitnessDriverClient, Guid)[count];
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds());
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Signing up {count:N0} athletes, each with an open run", maxValue: count);
                await Parallel.ForEachAsync(Enumerable.Range(0, count),
                    new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
                    {
                        var client = await FitnessDriverClient.SignUpAsync(http, string.Create(CultureInfo.InvariantCulture, $"Finisher {i + 1}"), ct);
                        var activityId = Guid.NewGuid();
                        await client.PutActivityAsync(activityId, Sport.Run, start, "New Year marathon", ct);
                        athletes[i] = (client, activityId);
                        task.Increment(1);
                    });
            });
        return [.. athletes];
    }

    private async Task RestartLaterAsync(LocalPostgresCluster database, CancellationToken cancellationToken)
    {
        await Task.Delay(settings.StopDatabase, cancellationToken);
        await database.StartAgainAsync(CancellationToken.None);
        AnsiConsole.MarkupLine("PostgreSQL started again.");
    }

    private sealed record Burst(long Started, TimeSpan Wall, double[] LatenciesMs, int[] Statuses, long[] AnsweredAt);

    private async Task<Burst> FinishAllAsync(List<(FitnessDriverClient Client, Guid ActivityId)> athletes, string title, CancellationToken cancellationToken)
    {
        var latencies = new double[athletes.Count];
        var statuses = new int[athletes.Count];
        var answeredAt = new long[athletes.Count];
        // Everyone finishes at the same instant, so one body serves all: the client spends its CPU on requests, not JSON.
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            new FinishActivityRequest(DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)), ContractJson.Options);
        var started = Stopwatch.GetTimestamp();
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(title, maxValue: athletes.Count);
                await Parallel.ForEachAsync(Enumerable.Range(0, athletes.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
                    {
                        var (client, activityId) = athletes[i];
                        var sent = Stopwatch.GetTimestamp();
                        try
                        {
                            using var content = new ByteArrayContent(body);
                            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/activities/{activityId}/finish") { Content = content };
                            using var response = await client.SendAsync(request, ct);
                            statuses[i] = (int)response.StatusCode;
                        }
                        catch (HttpRequestException)
                        {
                            statuses[i] = 0;
                        }

                        answeredAt[i] = Stopwatch.GetTimestamp();
                        latencies[i] = Stopwatch.GetElapsedTime(sent, answeredAt[i]).TotalMilliseconds;
                        task.Increment(1);
                    });
            });
        return new Burst(started, Stopwatch.GetElapsedTime(started), latencies, statuses, answeredAt);
    }

    private sealed record Stored(TimeSpan? AllStoredAfter, int Lost);

    /// <summary>
    /// An activity's events are applied in log order, partition by partition, so once the finishes acknowledged last
    /// are stored, every earlier one is too: those are watched for the time, then every finish is checked once (and
    /// again while some are missing) for the count of lost ones.
    /// </summary>
    private async Task<Stored> WaitUntilStoredAsync(List<(FitnessDriverClient Client, Guid ActivityId)> acknowledgedInOrder, long burstStarted, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(settings.StoreTimeout.TotalSeconds * Stopwatch.Frequency);
        var last = acknowledgedInOrder.TakeLast(Math.Max(200, acknowledgedInOrder.Count / 100)).ToList();
        TimeSpan? storedAfter = null;
        await AnsiConsole.Status().StartAsync("Waiting for the finishes acknowledged last to be stored…", async _ =>
        {
            if (await UntilAllStoredAsync(last, deadline, cancellationToken) == 0)
                storedAfter = Stopwatch.GetElapsedTime(burstStarted);
        });
        var lost = 0;
        await AnsiConsole.Status().StartAsync($"Checking all {acknowledgedInOrder.Count:N0} acknowledged finishes…", async _ =>
            lost = await UntilAllStoredAsync(acknowledgedInOrder, deadline, cancellationToken));
        return new Stored(lost == 0 ? storedAfter : null, lost);
    }

    /// <summary>Checks until every activity reads as finished or the deadline passes; returns how many did not.</summary>
    private async Task<int> UntilAllStoredAsync(List<(FitnessDriverClient Client, Guid ActivityId)> activities, long deadline, CancellationToken cancellationToken)
    {
        var pending = activities;
        while (true)
        {
            var stillPending = new System.Collections.Concurrent.ConcurrentBag<(FitnessDriverClient, Guid)>();
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
                async (athlete, ct) =>
                {
                    if (!await IsStoredAsync(athlete.Client, athlete.ActivityId, ct))
                        stillPending.Add(athlete);
                });
            pending = [.. stillPending];
            if (pending.Count == 0 || Stopwatch.GetTimestamp() >= deadline)
                return pending.Count;
            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task UntilReadableAsync(List<(FitnessDriverClient Client, Guid ActivityId)> activities, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(settings.StoreTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var readable = await Task.WhenAll(activities.Select(async a =>
            {
                try
                {
                    return (await a.Client.GetActivityAsync(a.ActivityId, cancellationToken)).Status == "recording";
                }
                catch (Exception e) when (e is ApiProblemException or HttpRequestException)
                {
                    return false;
                }
            }));
            if (readable.All(r => r))
                return;
            await Task.Delay(250, cancellationToken);
        }
    }

    private static async Task<bool> IsStoredAsync(FitnessDriverClient client, Guid activityId, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.GetActivityAsync(activityId, cancellationToken)).Status == "finished";
        }
        catch (Exception e) when (e is ApiProblemException or HttpRequestException)
        {
            return false;
        }
    }

    private void Print(Burst burst, Stored stored)
    {
        var acknowledged = burst.Statuses.Count(s => s == (int)HttpStatusCode.Accepted);
        var refused = burst.Statuses.Where(s => s != (int)HttpStatusCode.Accepted).GroupBy(s => s == 0 ? "no answer" : s.ToString(CultureInfo.InvariantCulture))
            .Select(g => $"{g.Count():N0} × {g.Key}").ToList();
        var sorted = burst.LatenciesMs.Order().ToArray();
        var table = new Table().Title($"[bold]Finish burst: {settings.Athletes:N0} athletes, {settings.Concurrency} in flight, after a warm-up of {Math.Min(WarmUp, settings.Athletes):N0}[/]")
            .AddColumn("Measure").AddColumn(new TableColumn("Value").RightAligned());
        table.AddRow("Acknowledged (202)", $"{acknowledged:N0}");
        table.AddRow("Refused", refused.Count == 0 ? "0" : string.Join(", ", refused));
        table.AddRow("Database stopped", settings.StopDatabase > TimeSpan.Zero ? $"{settings.StopDatabase.TotalSeconds:0} s, from just before the burst" : "no");
        table.AddRow("Wall time of the burst", $"{burst.Wall.TotalSeconds:0.00} s");
        table.AddRow("Finishes per second", $"{settings.Athletes / burst.Wall.TotalSeconds:N0}");
        table.AddRow("Acknowledgement p50 / p99 / max", $"{Percentile(sorted, 50):0} / {Percentile(sorted, 99):0} / {sorted[^1]:0} ms");
        table.AddRow("Every acknowledged finish stored after", stored.AllStoredAfter is { } after ? $"{after.TotalSeconds:0.0} s" : $"[red]not within {settings.StoreTimeout.TotalSeconds:0} s[/]");
        table.AddRow("Lost (acknowledged, not stored)", stored.Lost == 0 ? "[green]0[/]" : $"[red]{stored.Lost:N0}[/]");
        AnsiConsole.Write(table);
    }

    private static double Percentile(double[] sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
