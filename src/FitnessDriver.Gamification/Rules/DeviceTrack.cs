using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Gamification.Rules;

/// <summary>
/// How far one device of an activity has measured: its own cumulative distance channel when it has one,
/// otherwise the length of its GPS track. Only plausible movement counts: a step may cover the sport's top speed over
/// the time it took plus what is left of a budget of <see cref="BurstM"/> (a device catching up after a few seconds
/// without a fix). A larger step (a distance channel that jumps, a GPS fix that teleports, a car) earns nothing and
/// empties the budget. A device's first reading may credit <see cref="BurstM"/> at most: nobody is far along before
/// their first sample.
/// </summary>
public sealed class DeviceTrack(Guid activityId, string deviceId, double maxSpeed = DeviceTrack.DefaultMaxSpeed)
{
    /// <summary>Metres per second when the sport's limit is not known.</summary>
    public const double DefaultMaxSpeed = 35;

    /// <summary>The most distance a device may cover at once beyond its steady top speed.</summary>
    public const double BurstM = 100;

    /// <summary>What rounding and a sensor's resolution may add to a step.</summary>
    private const double SlackM = 2;

    public Guid ActivityId { get; } = activityId;
    public string DeviceId { get; } = deviceId;
    public long? LastT { get; set; }

    /// <summary>Distance credited from the device's cumulative channel.</summary>
    public double? ChannelDistanceM { get; set; }

    /// <summary>The channel's last reading, as the device sent it, and its time.</summary>
    public double? ChannelRawM { get; set; }

    /// <inheritdoc cref="ChannelRawM"/>
    public long? ChannelT { get; set; }

    public double GpsDistanceM { get; set; }
    public double? LastLat { get; set; }
    public double? LastLon { get; set; }

    /// <summary>The time of the last position (tracks stored before it was kept carry <see cref="LastT"/>).</summary>
    public long? LastPositionT { get; set; }

    /// <summary>Matches the positions to segments as they are taken in, when set.</summary>
    public Segments.SegmentRider? Rider { get; set; }

    /// <summary>What the channel and the GPS track may still credit at once.</summary>
    public double ChannelBudgetM { get; set; } = BurstM;

    /// <inheritdoc cref="ChannelBudgetM"/>
    public double GpsBudgetM { get; set; } = BurstM;

    /// <summary>Distance the device claimed (channel or GPS track) that was not plausible and so earned nothing.</summary>
    public double RejectedM { get; set; }

    /// <summary>The distance this device measured so far.</summary>
    public double DistanceM => ChannelDistanceM ?? GpsDistanceM;

    /// <summary>Reasons kept per activity.</summary>
    public const int MaxReasons = 5;

    /// <summary>Why steps taken in since this track was loaded earned nothing, in plain words (the first few).</summary>
    public List<string> Reasons { get; } = [];

    /// <summary>
    /// Takes in a sample. Samples at or before the last one seen are ignored, which makes re-sent and re-delivered
    /// batches harmless. Returns false for those.
    /// </summary>
    public bool Advance(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.T <= LastT)
            return false;
        if (sample.Distance is { } distance)
            AdvanceChannel(distance, sample.T);
        if (sample.Lat is { } lat && sample.Lon is { } lon)
        {
            if (LastLat is { } lastLat && LastLon is { } lastLon && LastT is { } lastT)
            {
                var step = Geo.HaversineM(lastLat, lastLon, lat, lon);
                var seconds = (sample.T - lastT) / 1000.0;
                (var plausible, GpsBudgetM) = Spend(GpsBudgetM, step, seconds);
                if (plausible)
                {
                    GpsDistanceM += step;
                    Rider?.Move(new(lastLat, lastLon, LastPositionT ?? lastT), new(lat, lon, sample.T));
                }
                else
                {
                    Rider?.Lost();
                    RejectedM += step;
                    Reject($"{DeviceId}: the GPS position moved {step:N0} m in {seconds:0.#} s ({step / Math.Max(seconds, 0.001):N0} m/s)");
                }
            }
            else
            {
                Rider?.Move(null, new(lat, lon, sample.T));
            }

            LastLat = lat;
            LastLon = lon;
            LastPositionT = sample.T;
        }

        LastT = sample.T;
        return true;
    }

    private void AdvanceChannel(double reading, long t)
    {
        // A reading below the last one is a device that started counting again: it becomes the new base.
        var step = ChannelRawM is { } raw ? reading - raw : reading;
        var seconds = ChannelT is { } since ? (t - since) / 1000.0 : 0;
        (var plausible, ChannelBudgetM) = Spend(ChannelBudgetM, Math.Max(0, step), seconds);
        if (plausible)
        {
            ChannelDistanceM = (ChannelDistanceM ?? 0) + Math.Max(0, step);
        }
        else
        {
            RejectedM += step;
            Reject(ChannelT is null
                ? $"{DeviceId}: the first distance reading was {step:N0} m"
                : $"{DeviceId}: the distance grew {step:N0} m in {seconds:0.#} s ({step / Math.Max(seconds, 0.001):N0} m/s)");
        }
        ChannelRawM = reading;
        ChannelT = t;
    }

    private void Reject(string reason)
    {
        if (Reasons.Count < MaxReasons)
            Reasons.Add($"{reason}, beyond the {maxSpeed:0.#} m/s top speed");
    }

    /// <summary>
    /// Whether a step fits what is left of the budget (at most <see cref="BurstM"/>) plus the top speed over the time it
    /// took; the budget left after it. A step that does not fit empties the budget, so a sustained cheat earns nothing.
    /// </summary>
    private (bool Plausible, double Budget) Spend(double budget, double step, double seconds)
    {
        var available = Math.Min(BurstM, budget) + maxSpeed * Math.Max(0, seconds);
        return step <= available + SlackM ? (true, Math.Max(0, available - step)) : (false, 0);
    }
}
