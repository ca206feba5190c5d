using System.Diagnostics;
using FitnessDriver.Client;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Cli.Bench;

/// <summary>
/// An athlete of <c>fd bench group</c>: records one sample a second at a steady <see cref="Speed"/> with a cumulative
/// distance, and times each acknowledged sample until a standings update on its own WebSocket shows the distance it brought.
/// </summary>
internal sealed class GroupRider(FitnessDriverClient client, Guid activityId, double speed, int index)
{
    private readonly Lock gate = new();
    private readonly List<(double DistanceM, long AcknowledgedAt)> pending = [];
    private readonly List<double> latencies = [];
    private int sent;

    public FitnessDriverClient Client { get; } = client;

    public Guid ActivityId { get; } = activityId;

    /// <summary>Metres per second.</summary>
    public double Speed { get; } = speed;

    /// <summary>The rider's place in the field: its heart rate and when in each second it sends.</summary>
    public int Index { get; } = index;

    /// <summary>Updates received on the rider's socket.</summary>
    public int Updates { get; private set; }

    /// <summary>Acknowledged samples no update has shown yet.</summary>
    public int Unseen
    {
        get
        {
            lock (gate)
                return pending.Count;
        }
    }

    /// <summary>Milliseconds from each sample's acknowledgement to the first update showing it.</summary>
    public IReadOnlyList<double> Latencies
    {
        get
        {
            lock (gate)
                return [.. latencies];
        }
    }

    /// <summary>Sends the next second's sample and starts its clock once it is acknowledged.</summary>
    public async Task SendNextAsync(CancellationToken cancellationToken)
    {
        var distance = Math.Round(sent * Speed, 1);
        var sample = new Sample(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Hr: 120 + Index % 60, Speed: (float)Speed, Distance: distance);
        sent++;
        await Client.PostSamplesAsync(ActivityId, "bench-watch", [sample], cancellationToken: cancellationToken);
        var acknowledged = Stopwatch.GetTimestamp();
        lock (gate)
            pending.Add((distance, acknowledged));
    }

    /// <summary>An update showed the rider at <paramref name="distanceM"/>: every sample that far is seen.</summary>
    public void Saw(double distanceM)
    {
        var now = Stopwatch.GetTimestamp();
        lock (gate)
        {
            Updates++;
            var seen = pending.TakeWhile(p => p.DistanceM <= distanceM + 0.05).ToList();
            latencies.AddRange(seen.Select(p => Stopwatch.GetElapsedTime(p.AcknowledgedAt, now).TotalMilliseconds));
            pending.RemoveRange(0, seen.Count);
        }
    }
}
