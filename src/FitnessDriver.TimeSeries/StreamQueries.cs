using FitnessDriver.Contracts.Api;
using FitnessDriver.ServiceDefaults.Privacy;

namespace FitnessDriver.TimeSeries;

/// <summary>Time-bucketed channels of an activity in the fused view (see <see cref="FusedChannels"/>).</summary>
public sealed class StreamQueries(TimeSeriesDatabase database, FusedChannels fused)
{
    /// <summary>Accepted resolutions.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> Resolutions { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        ["1s"] = TimeSpan.FromSeconds(1),
        ["10s"] = TimeSpan.FromSeconds(10),
        ["1m"] = TimeSpan.FromMinutes(1),
    };

    /// <summary>Channel names.</summary>
    public static IReadOnlyList<string> Channels => FusedChannels.Names;

    private static readonly int[] Decimals = [1, 1, 1, 3, 1, 7, 7, 1];

    /// <summary>The streams of an activity (its canonical id, already checked to belong to the caller).</summary>
    /// <param name="activityId">The canonical activity.</param>
    /// <param name="athleteId">Its athlete.</param>
    /// <param name="resolution">A key of <see cref="Resolutions"/>.</param>
    /// <param name="requested">Channels asked for; null for every channel that has data.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <param name="privacy">For another athlete's view: the owner's privacy settings, applied to the positions.</param>
    public async Task<ActivityStreams> GetAsync(Guid activityId, Guid athleteId, string resolution, IReadOnlySet<string>? requested, CancellationToken cancellationToken,
        PrivacySettings? privacy = null)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var devices = await FusedChannels.DevicesAsync(connection, activityId, cancellationToken);
        var wantsPositions = requested is null || requested.Contains("lat") || requested.Contains("lon");
        var positions = wantsPositions ? await fused.PositionsAsync(connection, activityId, athleteId, cancellationToken) : [];
        var points = await fused.QueryAsync(connection, activityId, Resolutions[resolution], devices, positions, cancellationToken);

        List<double?> Series(string name) => points.Select(p => p.Values[IndexOf(name)]).ToList();
        var lat = Series("lat");
        var lon = Series("lon");
        if (privacy is not null)
            PrivacyMask.Apply(lat, lon, privacy);

        IReadOnlyList<double?>? Channel(string name)
        {
            var index = IndexOf(name);
            var series = (name switch { "lat" => lat, "lon" => lon, _ => Series(name) }).Select(v => v is { } value ? Math.Round(value, Decimals[index]) : (double?)null).ToList();
            var wanted = requested?.Contains(name) ?? series.Any(v => v is not null);
            return wanted ? series : null;
        }

        return new ActivityStreams
        {
            Resolution = resolution,
            T = points.Select(p => p.T).ToList(),
            Hr = Channel("hr"),
            Power = Channel("power"),
            Cadence = Channel("cadence"),
            Speed = Channel("speed"),
            Distance = Channel("distance"),
            Lat = Channel("lat"),
            Lon = Channel("lon"),
            Alt = Channel("alt"),
        };
    }

    private static int IndexOf(string channel)
    {
        for (var i = 0; i < Channels.Count; i++)
        {
            if (Channels[i] == channel)
                return i;
        }

        throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel.");
    }
}
