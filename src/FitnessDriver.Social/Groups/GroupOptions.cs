namespace FitnessDriver.Social.Groups;

/// <summary>Live group sessions (configuration section <c>Social:Groups</c>).</summary>
public sealed class GroupOptions
{
    /// <summary>A session's members get its standings at most this often, when something changed.</summary>
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often each replica reads who is in a live session (what it joins itself it knows at once).</summary>
    public TimeSpan MembersRefresh { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The maximum heart rate zones are shares of (zones 1-5 from 50, 60, 70, 80 and 90 % of it).</summary>
    public int MaxHeartRate { get; set; } = 190;

    /// <summary>A session is live for at most this long after it started.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many athletes one session holds at most.</summary>
    public int MaxMembers { get; set; } = 500;

    /// <summary>A member has to get this far ahead of another for the other to hear they were passed.</summary>
    public double PassMarginM { get; set; } = 5;

    /// <summary>A member's update shows the session's leaders, this many of them…</summary>
    public int UpdateLeaders { get; set; } = 3;

    /// <summary>…and this many members on either side of the member: a large session's updates stay small.</summary>
    public int UpdateNeighbours { get; set; } = 5;
}
