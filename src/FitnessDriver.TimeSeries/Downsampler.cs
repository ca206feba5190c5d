namespace FitnessDriver.TimeSeries;

/// <summary>
/// Down-sampling that keeps extremes: the window is cut into <c>points / 2</c> spans of equal time, and each span keeps
/// the two buckets where the key channel is lowest and highest (its first and last bucket where the channel has no
/// value or is flat), so the window's minimum and maximum of that channel are always kept. Other channels are taken
/// at the same instants. Only a few buckets per span are held, whatever the window's length.
/// </summary>
public static class Downsampler
{
    /// <summary>At most <paramref name="points"/> of <paramref name="buckets"/> (in time order, within <paramref name="window"/>), in time order.</summary>
    public static async Task<List<FusedPoint>> RunAsync(IAsyncEnumerable<FusedPoint> buckets, SampleRange window, int points, int key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var spans = new Part[Math.Max(1, points / 2)];
        var length = window.End - window.First;
        await foreach (var bucket in buckets.WithCancellation(cancellationToken))
            (spans[(int)((bucket.T - window.First) * spans.Length / length)] ??= new Part()).Add(bucket, key);
        return [.. spans.OfType<Part>().SelectMany(s => s.Kept())];
    }

    private sealed class Part
    {
        private FusedPoint? first;
        private FusedPoint? last;
        private FusedPoint? lowest;
        private FusedPoint? highest;

        public void Add(FusedPoint bucket, int key)
        {
            first ??= bucket;
            last = bucket;
            if (bucket.Values[key] is not { } value)
                return;
            if (lowest is null || value < lowest.Values[key])
                lowest = bucket;
            if (highest is null || value > highest.Values[key])
                highest = bucket;
        }

        public IEnumerable<FusedPoint> Kept()
        {
            var (one, other) = lowest is null ? (first!, last!)
                : lowest != highest ? (lowest, highest!)
                : (lowest, lowest == first ? last! : first!);
            return one == other ? [one] : one.T < other.T ? [one, other] : [other, one];
        }
    }
}
