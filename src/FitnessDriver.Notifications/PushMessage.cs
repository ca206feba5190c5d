using System.Text.Json;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;

namespace FitnessDriver.Notifications;

/// <summary>
/// What goes over <c>pg_notify</c> to every Notifications replica: the athlete and the inbox item, or only the
/// item's sequence number when the item is too large for a notification payload. A <paramref name="Live"/> item is not
/// in the inbox: a large one waits in <c>notifications.live_pushes</c> under <paramref name="Seq"/>.
/// </summary>
internal sealed record PushMessage(Guid AthleteId, long Seq, NotificationItem? Item, bool Live = false)
{
    public const string Channel = "fd_notifications";

    // PostgreSQL refuses notification payloads of 8000 bytes or more.
    private const int MaxPayloadBytes = 7900;

    public string Serialize()
    {
        var json = JsonSerializer.Serialize(this, ContractJson.Options);
        return Fits(json) ? json : JsonSerializer.Serialize(this with { Item = null }, ContractJson.Options);
    }

    /// <summary>Whether the message goes whole in a notification payload.</summary>
    public bool Fits() => Fits(JsonSerializer.Serialize(this, ContractJson.Options));

    private static bool Fits(string json) => System.Text.Encoding.UTF8.GetByteCount(json) <= MaxPayloadBytes;

    public static PushMessage? Deserialize(string payload) => JsonSerializer.Deserialize<PushMessage>(payload, ContractJson.Options);
}
