namespace FitnessDriver.Devices;

/// <summary>
/// What a tolerant reading of an activity file left out: the point where a truncated or corrupt file broke (everything
/// before it is kept), track points without a time, and route points that are no recording at all.
/// </summary>
public sealed class DecodeWarnings
{
    /// <summary>The error that ended the reading early, after samples had been read; null when the file was read to its end.</summary>
    public DeviceDecodeException? Break { get; private set; }

    /// <summary>Samples read before <see cref="Break"/>.</summary>
    public long SamplesBeforeBreak { get; private set; }

    /// <summary>Track points skipped because they have no time.</summary>
    public int UntimedPoints { get; internal set; }

    /// <summary>Points of a route or of waypoints: a planned course, not a recording.</summary>
    public int RoutePoints { get; internal set; }

    /// <summary>The warnings to show the athlete, in plain words.</summary>
    public IReadOnlyList<string> Messages
    {
        get
        {
            var messages = new List<string>();
            if (Break is { } broken)
                messages.Add($"the file breaks off: {broken.Message}; the {SamplesBeforeBreak:N0} samples before it were kept");
            if (UntimedPoints > 0)
                messages.Add($"{UntimedPoints:N0} track points without a time were skipped");
            return messages;
        }
    }

    /// <summary>Forgets what an earlier reading of the same file found.</summary>
    internal void Reset()
    {
        Break = null;
        SamplesBeforeBreak = 0;
        UntimedPoints = 0;
        RoutePoints = 0;
    }

    /// <summary>Records where the reading stopped; false (rethrow) when nothing was read before it, so the file is unreadable.</summary>
    internal bool TryRecover(DeviceDecodeException error, long samplesRead)
    {
        if (samplesRead == 0)
            return false;
        Break = error;
        SamplesBeforeBreak = samplesRead;
        return true;
    }
}
