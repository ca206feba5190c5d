using System.Diagnostics;
using FitnessDriver.Cli.Bench;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using Spectre.Console;

namespace FitnessDriver.Cli.Cost;

/// <summary>What one notification costs, and how many the measurement delivered.</summary>
internal sealed record NotificationCostResult(int Delivered, double CpuSecondsEach);

/// <summary>
/// CPU per notification delivered, as a difference: athletes listening on their WebSockets send the same number of
/// samples twice, once standing still (no kilometre, no achievement) and once riding 25 m/s, under a ride's top plausible
/// speed, so that every kilometre earns XP. The extra CPU of the second run over the extra notifications is what an
/// achievement costs from the award to the push.
/// </summary>
internal static class NotificationCost
{
    private const int Athletes = 40;
    private const int SamplesEach = 400;
    private const int BatchSize = 100;
    private const double MetresPerSecond = 25;
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task<NotificationCostResult> MeasureAsync(HttpClient http, SampleStorage storage, CpuAboveIdle cpu, CancellationToken cancellationToken)
    {
        var still = await RunAsync(http, storage, cpu, moving: false, cancellationToken);
        var moving = await RunAsync(http, storage, cpu, moving: true, cancellationToken);
        var delivered = moving.Notifications - still.Notifications;
        if (delivered <= 0)
            throw new InvalidOperationException("No notification arrived over the WebSockets, so their CPU cannot be measured.");
        return new NotificationCostResult(delivered, Math.Max(0, (moving.Cpu - still.Cpu).Total.TotalSeconds) / delivered);
    }

    private static async Task<(int Notifications, CpuTime Cpu)> RunAsync(HttpClient http, SampleStorage storage, CpuAboveIdle cpu, bool moving, CancellationToken cancellationToken)
    {
        var what = moving ? "riding" : "standing still";
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - SamplesEach - 60);
        var received = 0;
        var athletes = new (FitnessDriverClient Client, Guid ActivityId, NotificationFeed Feed, Task Listening)[Athletes];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            return await AnsiConsole.Status().StartAsync($"Notifications: {Athletes} athletes on their WebSockets, {what}…", async _ =>
            {
                for (var i = 0; i < Athletes; i++)
                {
                    var client = await FitnessDriverClient.SignUpAsync(http, $"Cost athlete {i + 1}, {what}", cancellationToken);
                    var activityId = Guid.NewGuid();
                    await client.PutActivityAsync(activityId, Sport.Ride, start, cancellationToken: cancellationToken);
                    var feed = await client.OpenNotificationFeedAsync(cancellationToken);
                    athletes[i] = (client, activityId, feed, CountAsync(feed, () => Interlocked.Increment(ref received), stop.Token));
                }

                var stored = await storage.StoredAsync(cancellationToken) + (long)Athletes * SamplesEach;
                var expected = moving ? Athletes * (int)((SamplesEach - 1) * MetresPerSecond / 1000) : 0;
                var (_, used) = await cpu.MeasureAsync(async () =>
                {
                    await Parallel.ForEachAsync(athletes, cancellationToken, async (athlete, ct) => await SendAsync(athlete.Client, athlete.ActivityId, start, moving, ct));
                    await SettleAsync(storage, stored, () => Volatile.Read(ref received), expected, cancellationToken);
                    return 0;
                });
                return (Volatile.Read(ref received), used);
            });
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var athlete in athletes.Where(a => a.Feed is not null))
            {
                await athlete.Feed.DisposeAsync();
                await athlete.Listening;
            }
        }
    }

    private static async Task SendAsync(FitnessDriverClient client, Guid activityId, DateTimeOffset start, bool moving, CancellationToken cancellationToken)
    {
        var speed = moving ? MetresPerSecond : 0;
        for (var first = 0; first < SamplesEach; first += BatchSize)
        {
            var batch = Enumerable.Range(first, BatchSize)
                .Select(i => new Sample(start.AddSeconds(i).ToUnixTimeMilliseconds(), Speed: (float)speed, Distance: i * speed))
                .ToArray();
            await client.PostSamplesAsync(activityId, "cost-bike", batch, DeviceKinds.BikeComputer, cancellationToken);
        }
    }

    /// <summary>Waits until every sample is stored, the expected notifications arrived and none came for a moment.</summary>
    private static async Task SettleAsync(SampleStorage storage, long stored, Func<int> received, int expected, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var last = -1;
        var lastChange = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < Timeout)
        {
            var now = received();
            if (now != last)
                (last, lastChange) = (now, Stopwatch.GetTimestamp());
            else if (now >= expected && Stopwatch.GetElapsedTime(lastChange) >= Quiet && await storage.StoredAsync(cancellationToken) >= stored)
                return;
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    private static async Task CountAsync(NotificationFeed feed, Action onEach, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in feed.ReadAllAsync(cancellationToken))
                onEach();
        }
        catch (OperationCanceledException)
        {
        }
    }
}
