using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Gamification.Rules;

/// <summary>A personal record kind: what it measures and whether more is better.</summary>
/// <param name="Id">Wire id: 1k, 5k, 10k, half-marathon, marathon, power-5s, power-1m, power-5m, power-20m, longest.</param>
/// <param name="Name">What the athlete reads.</param>
/// <param name="HigherIsBetter">Watts and durations grow; times over a distance shrink.</param>
public sealed record PersonalRecord(string Id, string Name, bool HigherIsBetter)
{
    /// <summary>Fastest times over these distances on foot (metres).</summary>
    public static IReadOnlyList<(PersonalRecord Record, int Metres)> Distances { get; } =
    [
        (new("1k", "1 km", false), 1_000), (new("5k", "5 km", false), 5_000), (new("10k", "10 km", false), 10_000),
        (new("half-marathon", "Half marathon", false), 21_097), (new("marathon", "Marathon", false), 42_195),
    ];

    /// <summary>Best average power over these windows on the bike (seconds).</summary>
    public static IReadOnlyList<(PersonalRecord Record, int Seconds)> Powers { get; } =
    [
        (new("power-5s", "5 s power", true), 5), (new("power-1m", "1 min power", true), 60), (new("power-5m", "5 min power", true), 300),
        (new("power-20m", "20 min power", true), 1_200),
    ];

    /// <summary>The longest activity (elapsed seconds).</summary>
    public static PersonalRecord Longest { get; } = new("longest", "Longest activity", true);

    /// <summary>Every record, in the order the athlete reads them.</summary>
    public static IReadOnlyList<PersonalRecord> All { get; } = [.. Distances.Select(d => d.Record), .. Powers.Select(p => p.Record), Longest];

    /// <summary>True when <paramref name="candidate"/> beats <paramref name="record"/>.</summary>
    public bool Beats(double candidate, double? record) => record is not { } r || (HigherIsBetter ? candidate > r : candidate < r);

    /// <summary>A value as the athlete reads it: 24:31 or 1:02:05 for times, 312 W for power.</summary>
    public string Display(double value) => Id.StartsWith("power", StringComparison.Ordinal) ? $"{value:0} W" : ElapsedText.Of(value);
}

/// <summary>
/// An activity's best efforts, kept as it streams in: the time each 10 m of its last marathon of distance was reached
/// (so the fastest window over any record distance is found without the samples), the last 20 minutes of power, and the
/// bests so far.
/// </summary>
public sealed class Efforts
{
    private const double Step = 10;
    private static readonly int MaxSpan = (int)(PersonalRecord.Distances.Max(d => d.Metres) / Step);
    private const int PowerWindow = 1_200;
    private readonly List<float> reachedAt = [];
    private readonly short[] power = new short[PowerWindow];

    /// <summary>First and last sample time, epoch ms.</summary>
    public long? FirstT { get; private set; }

    /// <inheritdoc cref="FirstT"/>
    public long? LastT { get; private set; }

    private double lastDistance;
    private double lastSeconds;
    private long dropped;
    private long powerCount;
    private double[]? sums;

    /// <summary>Best value per record id so far in this activity.</summary>
    public Dictionary<string, double> Bests { get; } = new(StringComparer.Ordinal);

    /// <summary>The device whose power counts (the first that sent any): two power meters must not interleave.</summary>
    public string? PowerDevice { get; private set; }

    /// <summary>Takes the activity's distance at a sample's time, and the sample's power when it comes from the power device.</summary>
    public void Observe(Sport sport, Sample sample, double distanceM, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(sample);
        FirstT ??= sample.T;
        if (sample.T > LastT || LastT is null)
            LastT = sample.T;
        Bests[PersonalRecord.Longest.Id] = (LastT.Value - FirstT.Value) / 1000.0;
        if (sport is Sport.Run or Sport.Walk or Sport.Hike)
            ObserveDistance(sample.T, distanceM);
        if (sport == Sport.Ride && sample.Power is { } watts && (PowerDevice ??= deviceId) == deviceId)
            ObservePower(watts);
    }

    private void ObserveDistance(long t, double distance)
    {
        var seconds = (t - FirstT!.Value) / 1000.0;
        if (reachedAt.Count == 0)
        {
            reachedAt.Add((float)seconds);
            (lastDistance, lastSeconds) = (0, seconds);
        }

        // Two devices of one workout interleave: only time that moves forward says how fast the distance grew.
        if (seconds < lastSeconds)
            return;
        while (distance >= (dropped + reachedAt.Count) * Step)
        {
            // Linear between the last distance seen and this one.
            var mark = (dropped + reachedAt.Count) * Step;
            var fraction = distance > lastDistance ? (mark - lastDistance) / (distance - lastDistance) : 1;
            reachedAt.Add((float)(lastSeconds + (seconds - lastSeconds) * Math.Clamp(fraction, 0, 1)));
            var k = reachedAt.Count - 1;
            foreach (var (record, metres) in PersonalRecord.Distances)
            {
                var span = (int)(metres / Step);
                if (k >= span && reachedAt[k] - reachedAt[k - span] is var time && time > 0 && record.Beats(time, Bests.TryGetValue(record.Id, out var best) ? best : null))
                    Bests[record.Id] = time;
            }

            // No record spans more than a marathon: older marks are of no more use.
            if (reachedAt.Count > 2 * MaxSpan)
            {
                dropped += reachedAt.Count - MaxSpan - 1;
                reachedAt.RemoveRange(0, reachedAt.Count - MaxSpan - 1);
            }
        }

        if (distance > lastDistance)
            (lastDistance, lastSeconds) = (distance, seconds);
    }

    private void ObservePower(int watts)
    {
        // Each window's sum moves by the value that enters minus the one that leaves it.
        var entering = (short)Math.Clamp(watts, 0, short.MaxValue);
        sums ??= WindowSums();
        for (var w = 0; w < PersonalRecord.Powers.Count; w++)
        {
            var (record, seconds) = PersonalRecord.Powers[w];
            sums[w] += entering - (powerCount >= seconds ? power[(powerCount - seconds) % PowerWindow] : 0);
            if (powerCount + 1 >= seconds && record.Beats(sums[w] / seconds, Bests.TryGetValue(record.Id, out var best) ? best : null))
                Bests[record.Id] = sums[w] / seconds;
        }

        power[powerCount % PowerWindow] = entering;
        powerCount++;
    }

    /// <summary>The sums of the last seconds of each window, from the buffer (after a load).</summary>
    private double[] WindowSums() =>
        [.. PersonalRecord.Powers.Select(p => Enumerable.Range(1, (int)Math.Min(p.Seconds, powerCount)).Sum(i => (double)power[(powerCount - i) % PowerWindow]))];

    /// <summary>The state, for the activity's row.</summary>
    public byte[] Save()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(FirstT ?? 0);
            writer.Write(LastT ?? 0);
            writer.Write(lastDistance);
            writer.Write(lastSeconds);
            writer.Write(dropped);
            writer.Write(PowerDevice ?? "");
            writer.Write(powerCount);
            foreach (var watts in power)
                writer.Write(watts);
            writer.Write(reachedAt.Count);
            foreach (var seconds in reachedAt)
                writer.Write(seconds);
            writer.Write(Bests.Count);
            foreach (var (id, value) in Bests)
            {
                writer.Write(id);
                writer.Write(value);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Reads what <see cref="Save"/> wrote; a new state for null.</summary>
    public static Efforts Load(byte[]? saved)
    {
        var efforts = new Efforts();
        if (saved is null)
            return efforts;
        using var reader = new BinaryReader(new MemoryStream(saved));
        var (first, last) = (reader.ReadInt64(), reader.ReadInt64());
        if (first != 0 || last != 0)
            (efforts.FirstT, efforts.LastT) = (first, last);
        efforts.lastDistance = reader.ReadDouble();
        efforts.lastSeconds = reader.ReadDouble();
        efforts.dropped = reader.ReadInt64();
        efforts.PowerDevice = reader.ReadString() is { Length: > 0 } device ? device : null;
        efforts.powerCount = reader.ReadInt64();
        for (var i = 0; i < PowerWindow; i++)
            efforts.power[i] = reader.ReadInt16();
        for (var count = reader.ReadInt32(); count > 0; count--)
            efforts.reachedAt.Add(reader.ReadSingle());
        for (var count = reader.ReadInt32(); count > 0; count--)
            efforts.Bests[reader.ReadString()] = reader.ReadDouble();
        return efforts;
    }
}
