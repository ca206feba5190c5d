using System.Diagnostics;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Cli.Simulate;

/// <summary>
/// One athlete who, while the others record, uploads a whole run of 1,000 km at once: 100,000 one-second samples at
/// 10 m/s, as fast as the platform acknowledges them. It earns a kilometre's XP a thousand times over, so its
/// achievements flood the outbox; the others' notification latency shows whether they wait behind it.
/// </summary>
internal sealed class FloodingAthlete(HttpClient http)
{
    public const int Samples = 100_000;
    private const int BatchSize = 10_000;
    private const double Speed = 10;

    private FitnessDriverClient client = null!;
    private readonly Guid activityId = Guid.NewGuid();
    private long start;

    /// <summary>Samples acknowledged so far.</summary>
    public long Acknowledged { get; private set; }

    /// <summary>How long the upload took.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>The XP the platform awarded for it once everything was processed.</summary>
    public long Xp { get; private set; }

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        client = await FitnessDriverClient.SignUpAsync(http, "Flooding athlete", cancellationToken);
        start = DateTimeOffset.UtcNow.AddSeconds(-Samples - 60).ToUnixTimeSeconds() * 1000;
        await client.PutActivityAsync(activityId, Sport.Run, DateTimeOffset.FromUnixTimeMilliseconds(start), "1,000 km at once", cancellationToken);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var offset = 0; offset < Samples; offset += BatchSize)
        {
            var batch = Enumerable.Range(offset, BatchSize).Select(i => new Sample(start + i * 1000L, Hr: 150, Speed: (float)Speed, Distance: i * Speed)).ToList();
            await client.PostSamplesAsync(activityId, "flood-watch", batch, DeviceKinds.Watch, cancellationToken);
            Acknowledged += batch.Count;
        }

        Elapsed = Stopwatch.GetElapsedTime(started);
    }

    public async Task ReadXpAsync(CancellationToken cancellationToken) => Xp = (await client.GetProgressAsync(cancellationToken)).Xp;
}
