namespace FitnessDriver.TimeSeries;

/// <summary>What <c>GET …/streams</c> asks for.</summary>
/// <param name="Resolution">A key of <see cref="StreamQueries.Resolutions"/>.</param>
/// <param name="Channels">Channels asked for, in the order given; null for every channel that has data.</param>
/// <param name="From">Buckets starting at or after this time (epoch ms); null from the first sample.</param>
/// <param name="To">Buckets starting before this time (epoch ms); null to the last sample.</param>
/// <param name="Limit">Buckets of time a page spans at most.</param>
/// <param name="Points">When set, the stream between <paramref name="From"/> and <paramref name="To"/> down-sampled to at most this many points, in one answer.</param>
public sealed record StreamRequest(string Resolution, IReadOnlyList<string>? Channels = null, long? From = null, long? To = null,
    int Limit = StreamRequest.DefaultLimit, int? Points = null)
{
    /// <summary>Buckets a page spans when the request names no limit: a 5.5-hour activity at one second answers in one page.</summary>
    public const int DefaultLimit = 20_000;

    /// <summary>Largest page and largest down-sampled stream.</summary>
    public const int MaxLimit = 100_000;

    /// <summary>Every bucket of the activity in one answer, for readers inside the service that need the whole track.</summary>
    public static StreamRequest Whole(string resolution, IReadOnlyList<string>? channels) => new(resolution, channels, Limit: int.MaxValue);
}
