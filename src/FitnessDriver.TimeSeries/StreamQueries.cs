using FitnessDriver.Contracts.Api;
using NpgsqlTypes;

namespace FitnessDriver.TimeSeries;

/// <summary>
/// Time-bucketed channels of an activity: one value per channel per bucket across all its devices
/// (the mean in the bucket; the largest for cumulative distance).
/// </summary>
public sealed class StreamQueries(TimeSeriesDatabase database)
{
    /// <summary>Accepted resolutions.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> Resolutions { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        ["1s"] = TimeSpan.FromSeconds(1),
        ["10s"] = TimeSpan.FromSeconds(10),
        ["1m"] = TimeSpan.FromMinutes(1),
    };

    /// <summary>Channel names, in the order of the query's columns.</summary>
    public static IReadOnlyList<string> Channels { get; } = ["hr", "power", "cadence", "speed", "distance", "lat", "lon", "alt"];

    private static readonly int[] Decimals = [1, 1, 1, 3, 1, 7, 7, 1];

    /// <summary>The streams of an activity (already checked to belong to the caller).</summary>
    /// <param name="activityId">The activity.</param>
    /// <param name="resolution">A key of <see cref="Resolutions"/>.</param>
    /// <param name="requested">Channels asked for; null for every channel that has data.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<ActivityStreams> GetAsync(Guid activityId, string resolution, IReadOnlySet<string>? requested, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT (extract(epoch FROM date_bin($2, t, timestamptz 'epoch')) * 1000)::bigint,
                   avg(hr), avg(power), avg(cadence), avg(speed), max(distance), avg(lat), avg(lon), avg(alt)
            FROM timeseries.samples WHERE activity_id = $1
            GROUP BY 1 ORDER BY 1
            """);
        command.Parameters.Add(new() { Value = activityId });
        command.Parameters.Add(new() { Value = Resolutions[resolution], NpgsqlDbType = NpgsqlDbType.Interval });
        var times = new List<long>();
        var values = Channels.Select(_ => new List<double?>()).ToArray();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                times.Add(reader.GetInt64(0));
                for (var c = 0; c < Channels.Count; c++)
                    values[c].Add(reader.IsDBNull(c + 1) ? null : Math.Round(Convert.ToDouble(reader.GetValue(c + 1), System.Globalization.CultureInfo.InvariantCulture), Decimals[c]));
            }
        }

        IReadOnlyList<double?>? Channel(string name)
        {
            var series = values[IndexOf(name)];
            var wanted = requested?.Contains(name) ?? series.Any(v => v is not null);
            return wanted ? series : null;
        }

        return new ActivityStreams
        {
            Resolution = resolution,
            T = times,
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
