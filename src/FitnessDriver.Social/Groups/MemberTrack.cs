using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Social.Feed;

namespace FitnessDriver.Social.Groups;

/// <summary>
/// What a member's activity adds up to while the session is live: the distance of one device (the first whose samples
/// carry a distance or a position, tallied like the feed's <see cref="DeviceTally"/>), two points of it 15-30 s apart for
/// the pace, and the latest heart rate of any device.
/// </summary>
public sealed record MemberTrack(string? DeviceId, DeviceTally? Tally, long? AnchorT, double? AnchorM, long? RecentT, double? RecentM, int? Hr, long? HrT)
{
    /// <summary>A new point of the pace window is kept once the newest is this old.</summary>
    private const long WindowStepMs = 15_000;

    /// <summary>A pace needs this much time in the window.</summary>
    private const long MinPaceMs = 5_000;

    /// <summary>A heart rate older than this, against the latest sample, is no longer shown.</summary>
    private const long HrFreshMs = 30_000;

    /// <summary>Nothing recorded yet.</summary>
    public static MemberTrack Empty { get; } = new(null, null, null, null, null, null, null, null);

    /// <summary>Distance so far.</summary>
    public double DistanceM => Tally?.DistanceM ?? 0;

    /// <summary>Seconds per kilometre over the window, or null while too short or standing still.</summary>
    public double? PaceSPerKm
    {
        get
        {
            if (Tally is null || AnchorT is not { } t || AnchorM is not { } m)
                return null;
            var (ms, metres) = (Tally.LastT - t, Tally.DistanceM - m);
            return ms >= MinPaceMs && metres >= 1 ? Math.Round(ms / metres, 1) : null;
        }
    }

    /// <summary>The zone (1-5) of the latest heart rate against <paramref name="maxHr"/>, or null without a recent one.</summary>
    public int? HrZone(int maxHr)
    {
        if (Hr is not { } hr || HrT is not { } at || (Tally is not null && Tally.LastT - at > HrFreshMs))
            return null;
        int[] percents = [60, 70, 80, 90];
        return 1 + percents.Count(p => hr * 100 >= maxHr * p);
    }

    /// <summary>The track with one device's samples of the member's activity added.</summary>
    public MemberTrack Add(string deviceId, IReadOnlyList<Sample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var track = this;
        if (samples.Where(s => s.Hr is not null).MaxBy(s => s.T) is { } latest && latest.T > (HrT ?? long.MinValue))
            track = track with { Hr = latest.Hr, HrT = latest.T };
        var device = DeviceId ?? (samples.Any(s => s.Distance is not null || s.HasPosition) ? deviceId : null);
        if (device != deviceId)
            return track;
        track = track with { DeviceId = device };
        // One at a time, so a batch of a minute (an app catching up) moves the pace window as live samples would.
        foreach (var sample in samples.OrderBy(s => s.T))
            track = track.Step(sample);
        return track;
    }

    private MemberTrack Step(Sample sample)
    {
        if (Tally is not null && sample.T <= Tally.LastT)
            return this;
        var tally = DeviceTally.Add(Tally, [sample]);
        var (t, m) = (tally.LastT, tally.DistanceM);
        if (RecentT is null)
            return this with { Tally = tally, AnchorT = t, AnchorM = m, RecentT = t, RecentM = m };
        return t - RecentT >= WindowStepMs
            ? this with { Tally = tally, AnchorT = RecentT, AnchorM = RecentM, RecentT = t, RecentM = m }
            : this with { Tally = tally };
    }
}
