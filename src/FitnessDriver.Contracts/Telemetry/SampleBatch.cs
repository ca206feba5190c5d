namespace FitnessDriver.Contracts.Telemetry;

/// <summary>Where a batch of samples came from.</summary>
public enum SampleSource : byte
{
    /// <summary>Sent live by a phone, watch or gateway.</summary>
    Live = 0,
    /// <summary>Read from an uploaded activity file.</summary>
    Import = 1,
}

/// <summary>
/// Event on <see cref="Topics.TelemetrySamples"/>: samples of one device in one activity, as accepted by the edge,
/// with the activity's visibility when they were accepted.
/// </summary>
public sealed record SampleBatch(
    Guid ActivityId,
    Guid AthleteId,
    Sport Sport,
    string DeviceId,
    IReadOnlyList<Sample> Samples,
    SampleSource Source = SampleSource.Live,
    string? DeviceKind = null,
    Visibility Visibility = Visibility.Everyone);
