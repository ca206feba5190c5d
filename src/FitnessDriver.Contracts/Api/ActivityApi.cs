using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Contracts.Api;

/// <summary><c>PUT /v1/activities/{activityId}</c> body.</summary>
/// <param name="Sport">run, ride, walk, hike, swim or other.</param>
/// <param name="StartedAt">ISO-8601 time.</param>
/// <param name="Name">Optional title.</param>
public sealed record PutActivityRequest(string? Sport, string? StartedAt, string? Name = null);

/// <summary><c>POST /v1/activities/{activityId}/samples</c> body.</summary>
public sealed record SampleBatchRequest(string? DeviceId, IReadOnlyList<Sample>? Samples);

/// <summary>Answer to an accepted (durable) request.</summary>
public sealed record AcceptedResponse(int Accepted);

/// <summary><c>POST /v1/activities/{activityId}/finish</c> body.</summary>
public sealed record FinishActivityRequest(string? FinishedAt);

/// <summary><c>GET /v1/activities/{activityId}</c>: the activity and its summary.</summary>
public sealed record ActivitySummary
{
    public required Guid ActivityId { get; init; }
    public required string Sport { get; init; }
    public required string Status { get; init; }
    public string? Name { get; init; }
    public required string StartedAt { get; init; }
    public string? FinishedAt { get; init; }
    public required double DistanceM { get; init; }
    public required long ElapsedS { get; init; }
    public required long MovingS { get; init; }
    public double? AvgHr { get; init; }
    public int? MaxHr { get; init; }
    public double? AvgPower { get; init; }
    public double? AvgSpeed { get; init; }
    public required long XpEarned { get; init; }
    public required long SampleCount { get; init; }
    public required IReadOnlyList<string> Devices { get; init; }
}

/// <summary><c>GET /v1/activities/{activityId}/streams</c>: one value per channel per time bucket; absent channels are left out.</summary>
public sealed record ActivityStreams
{
    public required string Resolution { get; init; }
    public required IReadOnlyList<long> T { get; init; }
    public IReadOnlyList<double?>? Hr { get; init; }
    public IReadOnlyList<double?>? Power { get; init; }
    public IReadOnlyList<double?>? Cadence { get; init; }
    public IReadOnlyList<double?>? Speed { get; init; }
    public IReadOnlyList<double?>? Distance { get; init; }
    public IReadOnlyList<double?>? Lat { get; init; }
    public IReadOnlyList<double?>? Lon { get; init; }
    public IReadOnlyList<double?>? Alt { get; init; }
}
