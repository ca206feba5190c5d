using System.Text.Json;
using System.Text.Json.Nodes;

namespace FitnessDriver.Contracts.Activities;

/// <summary>JSON form of <see cref="ActivityEvent"/>, with a <c>type</c> discriminator.</summary>
public static class ActivityEventCodec
{
    private const string Started = "activity-started";
    private const string Finished = "activity-finished";
    private const string Merged = "activity-merged";
    private const string Deleted = "activity-deleted";

    /// <summary>Encodes an event as UTF-8 JSON.</summary>
    public static byte[] Encode(ActivityEvent activityEvent)
    {
        ArgumentNullException.ThrowIfNull(activityEvent);
        var (type, node) = activityEvent switch
        {
            ActivityStarted started => (Started, JsonSerializer.SerializeToNode(started, ContractJson.Options)),
            ActivityFinished finished => (Finished, JsonSerializer.SerializeToNode(finished, ContractJson.Options)),
            ActivityMerged merged => (Merged, JsonSerializer.SerializeToNode(merged, ContractJson.Options)),
            ActivityDeleted deleted => (Deleted, JsonSerializer.SerializeToNode(deleted, ContractJson.Options)),
            _ => throw new ArgumentException($"Unknown activity event {activityEvent.GetType().Name}.", nameof(activityEvent)),
        };
        var json = node!.AsObject();
        json.Insert(0, "type", type);
        return JsonSerializer.SerializeToUtf8Bytes(json, ContractJson.Options);
    }

    /// <summary>Decodes an event; <see langword="null"/> for event types this version does not know.</summary>
    /// <exception cref="ContractFormatException">The payload is not a valid activity event.</exception>
    public static ActivityEvent? Decode(ReadOnlySpan<byte> payload)
    {
        try
        {
            var json = JsonNode.Parse(payload) as JsonObject
                ?? throw new ContractFormatException("An activity event must be a JSON object.");
            return json["type"]?.GetValue<string>() switch
            {
                Started => Validate(json.Deserialize<ActivityStarted>(ContractJson.Options)),
                Finished => Validate(json.Deserialize<ActivityFinished>(ContractJson.Options)),
                Merged => Validate(json.Deserialize<ActivityMerged>(ContractJson.Options)),
                Deleted => Validate(json.Deserialize<ActivityDeleted>(ContractJson.Options)),
                _ => null,
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException and not ContractFormatException)
        {
            throw new ContractFormatException($"Invalid activity event: {e.Message}", e);
        }
    }

    private static T Validate<T>(T? activityEvent)
        where T : ActivityEvent =>
        activityEvent is null || activityEvent.ActivityId == Guid.Empty || activityEvent.AthleteId == Guid.Empty
            ? throw new ContractFormatException("An activity event needs activityId and athleteId.")
            : activityEvent;
}
