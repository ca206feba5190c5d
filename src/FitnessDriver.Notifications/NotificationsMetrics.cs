using System.Diagnostics.Metrics;

namespace FitnessDriver.Notifications;

/// <summary>Instruments of Notifications (meter <c>FitnessDriver.Notifications</c>).</summary>
internal static class NotificationsMetrics
{
    private static readonly Meter Meter = new("FitnessDriver.Notifications");
    private static readonly Counter<long> Stored = Meter.CreateCounter<long>("fd.notifications.stored", description: "New inbox items.");
    private static readonly Counter<long> Pushed = Meter.CreateCounter<long>("fd.notifications.pushed", description: "Messages written to WebSockets.");
    private static long connections;

    static NotificationsMetrics() =>
        Meter.CreateObservableGauge("fd.notifications.connections", () => Interlocked.Read(ref connections), description: "Open notification WebSockets.");

    public static void RecordStored(int count) => Stored.Add(count);

    public static void RecordPushed() => Pushed.Add(1);

    public static void Connected() => Interlocked.Increment(ref connections);

    public static void Disconnected() => Interlocked.Decrement(ref connections);
}
