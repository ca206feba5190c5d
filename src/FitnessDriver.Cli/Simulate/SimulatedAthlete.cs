using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Cli.Simulate;

/// <summary>One athlete: signs up, listens on the notification WebSocket and sends a batch every second.</summary>
internal sealed class SimulatedAthlete(int index, HttpClient http, SimulationSettings settings, SimulationStats stats)
{
    private const int MaxAttempts = 4;
    private readonly ConcurrentDictionary<int, long> kilometreSentAt = new();
    private FitnessDriverClient client = null!;
    private NotificationFeed feed = null!;
    private Task listening = Task.CompletedTask;
    private Workout workout = null!;
    private int xpReceived;

    public Guid ActivityId { get; } = Guid.NewGuid();

    public long Acknowledged { get; private set; }

    public int KilometresCrossed => (int)(workout.Distance / 1000);

    public int XpReceived => Volatile.Read(ref xpReceived);

    public FitnessDriverClient Client => client;

    /// <summary>Signs up, creates the activity and opens the WebSocket.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        client = await FitnessDriverClient.SignUpAsync(http, $"Simulated athlete {index + 1}", cancellationToken);
        var sport = index % 3 == 2 ? Sport.Ride : Sport.Run;
        var simulated = TimeSpan.FromSeconds(settings.Duration.TotalSeconds * settings.Speedup);
        var start = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow - simulated).ToUnixTimeSeconds());
        await client.PutActivityAsync(ActivityId, sport, start, $"Simulated {sport.ToName()} {index + 1}", cancellationToken);
        workout = new Workout(sport, start.ToUnixTimeMilliseconds(), index);
        feed = await client.OpenNotificationFeedAsync(cancellationToken);
        listening = ListenAsync(cancellationToken);
        stats.AthleteReady();
    }

    /// <summary>Sends one batch per second (of <see cref="SimulationSettings.Speedup"/> samples) until the duration is over.</summary>
    public async Task RunAsync(long startTimestamp, CancellationToken cancellationToken)
    {
        // Spread athletes over the second so the load is even.
        var offset = TimeSpan.FromSeconds((double)index / settings.Athletes);
        var seconds = (int)settings.Duration.TotalSeconds;
        for (var tick = 0; tick < seconds && !cancellationToken.IsCancellationRequested; tick++)
        {
            var due = Stopwatch.GetElapsedTime(startTimestamp) - (offset + TimeSpan.FromSeconds(tick));
            if (due < TimeSpan.Zero)
                await Task.Delay(-due, cancellationToken);
            var kmBefore = KilometresCrossed;
            var batch = Enumerable.Range(0, settings.Speedup).Select(_ => workout.Next()).ToArray();
            var sentAt = Stopwatch.GetTimestamp();
            for (var km = kmBefore + 1; km <= KilometresCrossed; km++)
                kilometreSentAt[km] = sentAt;
            stats.KilometresCrossed(KilometresCrossed - kmBefore);
            await SendAsync(batch, cancellationToken);
        }

        await client.FinishAsync(ActivityId, DateTimeOffset.UtcNow, cancellationToken);
    }

    /// <summary>Closes the WebSocket.</summary>
    public async Task StopListeningAsync()
    {
        await feed.DisposeAsync();
        await listening;
    }

    private async Task SendAsync(Sample[] batch, CancellationToken cancellationToken)
    {
        stats.Sent(batch.Length);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                var kind = workout.Sport == Sport.Ride ? DeviceKinds.BikeComputer : DeviceKinds.Watch;
                await client.PostSamplesAsync(settings.Format, ActivityId, $"sim-{kind}-{index + 1}", batch, kind, cancellationToken);
                stats.Acknowledged(batch.Length);
                Acknowledged += batch.Length;
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ApiProblemException { Status: HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests }
                && !cancellationToken.IsCancellationRequested)
            {
                stats.LastError = e.Message;
                stats.Retried();
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
            catch (ApiProblemException e)
            {
                stats.LastError = e.Message;
                break;
            }
        }

        stats.FailedBatch();
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in feed.ReadAllAsync(cancellationToken))
            {
                switch (item.Type)
                {
                    case AchievementTypes.Xp:
                        var km = item.Payload["km"]?.GetValue<int>() ?? 0;
                        double? latency = kilometreSentAt.TryRemove(km, out var sentAt) ? Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds : null;
                        stats.XpReceived(latency);
                        Interlocked.Increment(ref xpReceived);
                        break;
                    case AchievementTypes.LevelUp:
                        stats.LevelUp();
                        break;
                    case AchievementTypes.Badge:
                        stats.Badge();
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
