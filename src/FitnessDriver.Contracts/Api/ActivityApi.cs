using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Contracts.Api;

/// <summary><c>PUT /v1/activities/{activityId}</c> body.</summary>
/// <param name="Sport">run, ride, walk, hike, swim or other.</param>
/// <param name="StartedAt">ISO-8601 time.</param>
/// <param name="Name">Optional title.</param>
/// <param name="Visibility">Optional: everyone (the default for a new activity), followers or only-me; absent keeps what it was.</param>
public sealed record PutActivityRequest(string? Sport, string? StartedAt, string? Name = null, string? Visibility = null);

/// <summary><c>POST /v1/activities/{activityId}/samples</c> body.</summary>
/// <param name="DeviceId">The device's id, stable across activities.</param>
/// <param name="Samples">Up to 10,000 samples.</param>
/// <param name="DeviceKind">Optional: one of <see cref="DeviceKinds"/>, used to rank sources when fusing channels.</param>
public sealed record SampleBatchRequest(string? DeviceId, IReadOnlyList<Sample>? Samples, string? DeviceKind = null);

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
    public string Visibility { get; init; } = "everyone";
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

    /// <summary>For one leg of a multisport event: the event and its legs' activity ids in order.</summary>
    public MultisportLegs? Multisport { get; init; }
}

/// <summary>The legs of the multisport event an activity belongs to.</summary>
public sealed record MultisportLegs(Guid MultisportId, IReadOnlyList<Guid> Legs);

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

    /// <summary>Set when the activity goes on after this page: the <c>from</c> of the next one.</summary>
    public long? Next { get; init; }
}

/// <summary>
/// Answer to <c>PUT /v1/activities/{activityId}</c> and <c>POST .../finish</c>: the activity as the edge knows it.
/// <paramref name="MergedInto"/> is set when it records the same workout as another activity, which receives its samples.
/// </summary>
public sealed record ActivityState(Guid ActivityId, string Sport, string Status, string StartedAt, string? FinishedAt, string? Name, Guid? MergedInto = null,
    string Visibility = "everyone");

/// <summary><c>DELETE /v1/activities/{activityId}</c> answer: the activity and those merged into it are being deleted everywhere.</summary>
/// <param name="ActivityId">The activity deleted (the one a duplicate's id pointed to).</param>
/// <param name="Deleted">Every id deleted: the activity and the duplicates merged into it.</param>
public sealed record ActivityDeletion(Guid ActivityId, IReadOnlyList<Guid> Deleted);

/// <summary><c>POST /v1/imports</c> answer: the activity the file's samples went to.</summary>
/// <param name="ActivityId">The new activity, or the existing one the file duplicates.</param>
/// <param name="Merged">True when the file was merged into an activity recorded by another device.</param>
/// <param name="DeviceId">The device id its samples are stored under.</param>
/// <param name="Samples">Samples imported.</param>
/// <param name="Format">fit, gpx or tcx.</param>
/// <param name="Warnings">What was left out of a file read in part (it broke off at a byte or line; points without a time).</param>
/// <param name="Multisport">For a multisport file: the event and its legs, one activity each (the first is <paramref name="ActivityId"/>).</param>
public sealed record ImportAccepted(Guid ActivityId, bool Merged, string DeviceId, int Samples, string Format, IReadOnlyList<string>? Warnings = null,
    MultisportImport? Multisport = null);

/// <summary>A multisport file's event and its legs.</summary>
public sealed record MultisportImport(Guid MultisportId, IReadOnlyList<MultisportLeg> Legs);

/// <summary>One leg of a multisport event.</summary>
public sealed record MultisportLeg(Guid ActivityId, string Sport, int Samples);

/// <summary><c>POST /v1/activities/{activityId}/gatt</c> body: raw Bluetooth notifications, decoded on the server.</summary>
/// <param name="DeviceId">The sensor's id.</param>
/// <param name="DeviceKind">Optional kind, as for sample batches.</param>
/// <param name="WheelCircumferenceMm">For speed from CSC wheel revolutions; default 2105 mm.</param>
/// <param name="Notifications">The notifications in the order they arrived.</param>
public sealed record GattBatchRequest(string? DeviceId, string? DeviceKind, double? WheelCircumferenceMm, IReadOnlyList<GattNotification>? Notifications);

/// <summary>One characteristic value notification.</summary>
/// <param name="T">When it arrived, epoch ms.</param>
/// <param name="Characteristic">16-bit id ("2A37", "0x2A37") or full UUID.</param>
/// <param name="Payload">The value, base64.</param>
public sealed record GattNotification(long T, string? Characteristic, string? Payload);

/// <summary>An entry of <c>GET /v1/activities</c>.</summary>
public sealed record ActivityListItem(Guid ActivityId, string Sport, string? Name, string Status, string StartedAt, string? FinishedAt, long XpEarned,
    string Visibility = "everyone");

/// <summary><c>GET /v1/activities</c>: the athlete's activities, newest first.</summary>
public sealed record ActivityList(IReadOnlyList<ActivityListItem> Items);
