using FitnessDriver.Contracts;

namespace FitnessDriver.Devices;

/// <summary>What an activity file says about itself, apart from its samples.</summary>
/// <param name="Sport">The sport, when the file names one this platform knows.</param>
/// <param name="StartTime">Start of the activity, Unix milliseconds; null when the file has no time at all.</param>
/// <param name="Device">The recording device or application.</param>
public sealed record ActivitySummary(Sport? Sport, long? StartTime, DeviceIdentity Device)
{
    /// <summary>The sessions of a file that records several (a triathlon: swim, transition, ride, transition, run), in order.</summary>
    public IReadOnlyList<ActivitySession> Sessions { get; init; } = [];

    /// <summary>For a FIT file, the type its file_id states (4 an activity; others are monitoring, settings, sleep, …).</summary>
    public int? FitFileType { get; init; }

    /// <inheritdoc />
    public bool Equals(ActivitySummary? other) =>
        other is not null && Sport == other.Sport && StartTime == other.StartTime && Device == other.Device && Sessions.SequenceEqual(other.Sessions)
        && FitFileType == other.FitFileType;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Sport, StartTime, Device, Sessions.Count);
}

/// <summary>One session of a multisport file.</summary>
/// <param name="Sport">Its sport; null for a transition between two others.</param>
/// <param name="Start">Start, Unix milliseconds.</param>
public sealed record ActivitySession(Sport? Sport, long Start);
