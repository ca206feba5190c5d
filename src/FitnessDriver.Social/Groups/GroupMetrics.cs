using System.Diagnostics.Metrics;

namespace FitnessDriver.Social.Groups;

/// <summary>Instruments of live group sessions (meter <c>FitnessDriver.Social</c>).</summary>
internal static class GroupMetrics
{
    private static readonly Meter Meter = new("FitnessDriver.Social");
    private static readonly Counter<long> Updates = Meter.CreateCounter<long>("fd.social.group_updates", description: "Session updates sent (one per session per round).");
    private static readonly Counter<long> Notices = Meter.CreateCounter<long>("fd.social.group_notices", description: "Notices the session updates wrote.");

    public static void RecordUpdates(int sessions, int notices)
    {
        Updates.Add(sessions);
        Notices.Add(notices);
    }
}
