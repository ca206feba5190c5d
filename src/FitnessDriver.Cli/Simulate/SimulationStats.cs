namespace FitnessDriver.Cli.Simulate;

/// <summary>Counters shared by all simulated athletes; read by the live view.</summary>
internal sealed class SimulationStats
{
    private readonly List<double> latencies = [];
    private long samplesSent, samplesAcknowledged, failedBatches, retries, levelUps, xpNotifications, badges, athletesReady, kilometres;

    public long SamplesSent => Interlocked.Read(ref samplesSent);
    public long SamplesAcknowledged => Interlocked.Read(ref samplesAcknowledged);
    public long FailedBatches => Interlocked.Read(ref failedBatches);
    public long Retries => Interlocked.Read(ref retries);
    public long LevelUps => Interlocked.Read(ref levelUps);
    public long XpNotifications => Interlocked.Read(ref xpNotifications);
    public long Badges => Interlocked.Read(ref badges);
    public long AthletesReady => Interlocked.Read(ref athletesReady);
    public long Kilometres => Interlocked.Read(ref kilometres);
    public string? LastError { get; set; }

    public void Sent(int count) => Interlocked.Add(ref samplesSent, count);
    public void Acknowledged(int count) => Interlocked.Add(ref samplesAcknowledged, count);
    public void FailedBatch() => Interlocked.Increment(ref failedBatches);
    public void Retried() => Interlocked.Increment(ref retries);
    public void LevelUp() => Interlocked.Increment(ref levelUps);
    public void Badge() => Interlocked.Increment(ref badges);
    public void AthleteReady() => Interlocked.Increment(ref athletesReady);
    public void KilometresCrossed(int count) => Interlocked.Add(ref kilometres, count);

    /// <summary>An XP notification arrived; <paramref name="latencyMs"/> is from sending the sample that earned it.</summary>
    public void XpReceived(double? latencyMs)
    {
        Interlocked.Increment(ref xpNotifications);
        if (latencyMs is { } latency)
        {
            lock (latencies)
                latencies.Add(latency);
        }
    }

    /// <summary>The <paramref name="percentile"/> (0–100) of sample→notification latency in ms, or null before any.</summary>
    public double? Latency(double percentile)
    {
        double[] sorted;
        lock (latencies)
            sorted = [.. latencies];
        if (sorted.Length == 0)
            return null;
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
