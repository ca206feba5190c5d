using FitnessDriver.Client;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Cli.Bench;

/// <summary>
/// An athlete signed up through the API who joined the benchmark's challenge and rides in it: 1 Hz samples at a steady
/// <see cref="Speed"/> with a cumulative distance channel, starting after joining (only distance covered after joining counts).
/// </summary>
internal sealed class ChallengeAthlete(FitnessDriverClient client, Guid activityId, DateTimeOffset rideStart)
{
    /// <summary>Metres per second: a fast but plausible ride.</summary>
    public const double Speed = 15;

    private int samplesSent;

    public FitnessDriverClient Client { get; } = client;

    public Guid ActivityId { get; } = activityId;

    public DateTimeOffset RideStart { get; } = rideStart;

    /// <summary>The distance the challenge had for the athlete before the ride (placed at a random rank).</summary>
    public double StartDistanceM { get; set; }

    /// <summary>
    /// The distance the leaderboard shows once every batch sent so far is counted: the first reading of a distance
    /// channel is its base, each later second adds <see cref="Speed"/> metres.
    /// </summary>
    public double ExpectedDistanceM => StartDistanceM + Speed * Math.Max(0, samplesSent - 1);

    /// <summary>The ride's next <paramref name="count"/> seconds; counted as sent.</summary>
    public Sample[] NextBatch(int count)
    {
        var start = RideStart.ToUnixTimeMilliseconds();
        var batch = Enumerable.Range(samplesSent, count)
            .Select(i => new Sample(start + i * 1000L, Hr: 140 + i % 20, Power: 260, Cadence: 92, Speed: (float)Speed, Distance: i * Speed)).ToArray();
        samplesSent += count;
        return batch;
    }
}
