using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>What <c>fd bench group</c> runs.</summary>
/// <param name="Athletes">Athletes in the one session.</param>
/// <param name="Seconds">Seconds each records, one sample a second.</param>
/// <param name="UpdateInterval">The session's update interval (<c>Social:Groups:UpdateInterval</c>).</param>
internal sealed record GroupBenchmarkSettings(int Athletes, int Seconds, TimeSpan UpdateInterval);

/// <summary>
/// Live group session updates on a host and private PostgreSQL started here: N athletes in one session each send a
/// sample a second and read their WebSocket; the time from a sample's acknowledgement to the first <c>group-update</c>
/// that shows it, and how many updates arrive a second.
/// </summary>
internal sealed class GroupBenchmark(GroupBenchmarkSettings settings)
{
    private const int SignUpConcurrency = 8;
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("fd-bench-group-");
        try
        {
            var interval = settings.UpdateInterval.ToString("c", CultureInfo.InvariantCulture);
            var host = await BenchHost.StartAsync(data.FullName, "Starting the host and its PostgreSQL…", cancellationToken,
                [.. BenchHost.NoRateLimits, $"--Social:Groups:UpdateInterval={interval}"]);
            await using (host)
            {
                using var http = new HttpClient { BaseAddress = new Uri(host.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
                var riders = await SetUpAsync(http, cancellationToken);
                var feeds = await Task.WhenAll(riders.Select(r => r.Client.OpenNotificationFeedAsync(cancellationToken)));
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var reading = riders.Zip(feeds, (rider, feed) => ReadAsync(rider, feed, stop.Token)).ToArray();
                var elapsed = await RideAsync(riders, cancellationToken);
                var waited = Stopwatch.StartNew();
                while (riders.Sum(r => r.Unseen) > 0 && waited.Elapsed < Grace)
                    await Task.Delay(100, cancellationToken);
                await stop.CancelAsync();
                await Task.WhenAll(reading);
                foreach (var feed in feeds)
                    await feed.DisposeAsync();
                return Report(riders, elapsed);
            }
        }
        finally
        {
            await BenchHost.RemoveAsync(data.FullName);
        }
    }

    private async Task<List<GroupRider>> SetUpAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var riders = new GroupRider[settings.Athletes];
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Signing up {settings.Athletes} athletes who open a run and join one group session", maxValue: settings.Athletes);
                var hostAthlete = await FitnessDriverClient.SignUpAsync(http, "Pacer", cancellationToken);
                var session = await hostAthlete.CreateGroupSessionAsync(new CreateGroupSessionRequest("Bench run"), cancellationToken);
                await Parallel.ForEachAsync(Enumerable.Range(0, settings.Athletes),
                    new ParallelOptions { MaxDegreeOfParallelism = SignUpConcurrency, CancellationToken = cancellationToken }, async (i, ct) =>
                    {
                        var client = i == 0 ? hostAthlete : await FitnessDriverClient.SignUpAsync(http, string.Create(CultureInfo.InvariantCulture, $"Runner {i + 1}"), ct);
                        var activityId = Guid.NewGuid();
                        await client.PutActivityAsync(activityId, Sport.Run, DateTimeOffset.UtcNow, "Group run", ct);
                        await client.JoinGroupSessionAsync(session.SessionId, activityId, ct);
                        riders[i] = new GroupRider(client, activityId, 2.5 + 2.0 * i / settings.Athletes, i);
                        task.Increment(1);
                    });
            });
        return [.. riders];
    }

    /// <summary>Every rider sends a sample a second, spread over the second; returns how long it took.</summary>
    private async Task<TimeSpan> RideAsync(List<GroupRider> riders, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"{riders.Count} athletes × {settings.Seconds} s at 1 Hz", maxValue: riders.Count * settings.Seconds);
                await Task.WhenAll(riders.Select(async rider =>
                {
                    var offset = TimeSpan.FromMilliseconds(1000.0 * rider.Index / riders.Count);
                    for (var second = 0; second < settings.Seconds; second++)
                    {
                        var due = offset + TimeSpan.FromSeconds(second) - clock.Elapsed;
                        if (due > TimeSpan.Zero)
                            await Task.Delay(due, cancellationToken);
                        await rider.SendNextAsync(cancellationToken);
                        task.Increment(1);
                    }
                }));
            });
        return clock.Elapsed;
    }

    private static async Task ReadAsync(GroupRider rider, NotificationFeed feed, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in feed.ReadAllAsync(cancellationToken))
            {
                if (item.Type != SocialNoticeTypes.GroupUpdate)
                    continue;
                var members = item.Payload["members"].Deserialize<List<GroupMemberView>>(ContractJson.Options) ?? [];
                if (members.Find(m => m.AthleteId == rider.Client.AthleteId) is { } own)
                    rider.Saw(own.DistanceM);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private int Report(List<GroupRider> riders, TimeSpan elapsed)
    {
        var latency = LatencyFigures.Of(riders.SelectMany(r => r.Latencies));
        var updates = riders.Sum(r => r.Updates);
        var unseen = riders.Sum(r => r.Unseen);
        var table = new Table()
            .Title($"[bold]Group session of {riders.Count} athletes, 1 Hz samples for {settings.Seconds} s, updates every {settings.UpdateInterval.TotalSeconds:N1} s at most[/]")
            .AddColumns("measure", "n").AddColumns(new TableColumn("p50").RightAligned(), new TableColumn("p95").RightAligned(),
                new TableColumn("p99").RightAligned(), new TableColumn("max").RightAligned());
        table.AddRow("sample acknowledged → group-update showing it, ms", latency.Count.ToString("N0", CultureInfo.InvariantCulture), LatencyFigures.Ms(latency.P50),
            LatencyFigures.Ms(latency.P95), LatencyFigures.Ms(latency.P99), LatencyFigures.Ms(latency.Max));
        AnsiConsole.Write(table);
        var seconds = elapsed.TotalSeconds;
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"{updates:N0} group-updates received in {seconds:N0} s: {updates / seconds:N1} a second over all sockets, {updates / seconds / riders.Count:N2} a second per athlete. Samples no update showed within {Grace.TotalSeconds:N0} s of the end: {unseen:N0}.");
        return unseen == 0 ? 0 : 1;
    }
}
