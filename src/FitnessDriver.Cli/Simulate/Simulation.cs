using System.Globalization;
using System.Diagnostics;
using FitnessDriver.Client;
using Spectre.Console;

namespace FitnessDriver.Cli.Simulate;

/// <summary>Runs the athletes, shows the live view and prints the summary.</summary>
internal sealed class Simulation(SimulationSettings settings)
{
    private const int SignUpConcurrency = 16;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15);
    private readonly SimulationStats stats = new();

    /// <summary>The run's counters and latencies, for a caller that reports on it.</summary>
    public SimulationStats Stats => stats;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 512 };
        using var http = new HttpClient(handler) { BaseAddress = settings.Url, Timeout = TimeSpan.FromSeconds(30) };
        if (!await PlatformReachability.CheckAsync(http, cancellationToken))
            return 2;

        var athletes = Enumerable.Range(0, settings.Athletes).Select(i => new SimulatedAthlete(i, http, settings, stats)).ToList();
        var flooding = settings.Flood ? new FloodingAthlete(http) : null;
        AnsiConsole.MarkupLine($"Simulating [bold]{settings.Athletes}[/] athletes for [bold]{settings.Duration.TotalSeconds:0} s[/] at [bold]{settings.Speedup}×[/] against {settings.Url}");
        try
        {
            await AnsiConsole.Status().StartAsync("Signing athletes up and opening their WebSockets…", async _ =>
            {
                await Parallel.ForEachAsync(athletes, new ParallelOptions { MaxDegreeOfParallelism = SignUpConcurrency, CancellationToken = cancellationToken },
                    async (athlete, ct) => await athlete.PrepareAsync(ct));
                if (flooding is not null)
                    await flooding.PrepareAsync(cancellationToken);
            });
        }
        catch (ApiProblemException e) when (e.Status == System.Net.HttpStatusCode.TooManyRequests)
        {
            PlatformReachability.ExplainSignUpLimit();
            return 2;
        }

        var started = Stopwatch.GetTimestamp();
        // The flood starts a few seconds in, once every athlete is sending.
        var flood = flooding is null ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds(3), cancellationToken).ContinueWith(_ => flooding.RunAsync(cancellationToken),
            cancellationToken, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default).Unwrap();
        var running = Task.WhenAll(athletes.Select(a => a.RunAsync(started, cancellationToken)).Append(flood));
        await new LiveView(stats, settings, started).ShowUntilAsync(running, cancellationToken);
        await running;

        var stored = await DrainAsync(athletes, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        foreach (var athlete in athletes)
            await athlete.StopListeningAsync();
        if (flooding is not null)
            await flooding.ReadXpAsync(cancellationToken);
        PrintSummary(elapsed, stored, flooding);
        return stats.FailedBatches == 0 && stored == stats.SamplesAcknowledged ? 0 : 1;
    }

    /// <summary>Waits for the notifications and stored samples that trail the last batches.</summary>
    private async Task<long> DrainAsync(IReadOnlyList<SimulatedAthlete> athletes, CancellationToken cancellationToken)
    {
        long stored = 0;
        await AnsiConsole.Status().StartAsync("Waiting for the last notifications and for storage to catch up…", async _ =>
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var summaries = await Task.WhenAll(athletes.Select(a => a.Client.GetActivityAsync(a.ActivityId, cancellationToken)));
                stored = summaries.Sum(s => s.SampleCount);
                if (stored >= stats.SamplesAcknowledged && athletes.All(a => a.XpReceived >= a.KilometresCrossed))
                {
                    // Level-ups and badges follow the XP of the same kilometre by a few milliseconds.
                    await Task.Delay(500, cancellationToken);
                    return;
                }
                await Task.Delay(250, cancellationToken);
            }
        });
        return stored;
    }

    private void PrintSummary(TimeSpan elapsed, long stored, FloodingAthlete? flooding)
    {
        var table = new Table().Title("[bold]Simulation summary[/]").AddColumn("Measure").AddColumn(new TableColumn("Value").RightAligned());
        table.AddRow("Athletes", $"{settings.Athletes}");
        table.AddRow("Wall time", $"{elapsed.TotalSeconds:0.0} s");
        table.AddRow("Samples sent", $"{stats.SamplesSent:N0}");
        table.AddRow("Samples acknowledged (202)", $"{stats.SamplesAcknowledged:N0}");
        table.AddRow("Samples stored", $"{stored:N0}");
        table.AddRow("Acknowledged per second", $"{stats.SamplesAcknowledged / settings.Duration.TotalSeconds:N0}");
        table.AddRow("Failed batches / retries", $"{stats.FailedBatches} / {stats.Retries}");
        table.AddRow("Kilometres crossed", $"{stats.Kilometres:N0}");
        table.AddRow("XP notifications received", $"{stats.XpNotifications:N0}");
        table.AddRow("Level-ups received", $"{stats.LevelUps:N0}");
        table.AddRow("Badges received", $"{stats.Badges:N0}");
        table.AddRow("Sample → notification p50", LiveView.Ms(stats.Latency(50)));
        table.AddRow("Sample → notification p99", LiveView.Ms(stats.Latency(99)));
        table.AddRow("Sample → notification max", LiveView.Ms(stats.Latency(100)));
        if (flooding is not null)
        {
            table.AddRow("Flood: samples acknowledged", $"{flooding.Acknowledged:N0} of {FloodingAthlete.Samples:N0} (1,000 km) in {flooding.Elapsed.TotalSeconds:0.0} s");
            table.AddRow("Flood: XP awarded by the end", $"{flooding.Xp:N0}");
        }
        AnsiConsole.Write(table);
        if (stats.LastError is { } error)
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[yellow]Last error: {error}[/]");
    }
}
