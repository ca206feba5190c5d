using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.EventLog;
using FitnessDriver.ServiceDefaults.Privacy;

namespace FitnessDriver.Telemetry;

/// <summary>
/// Appends samples to the log under the activity that owns them: an activity merged into another sends its samples
/// there, with the other's sport, so everything downstream sees one workout.
/// </summary>
public sealed class SampleAppender(IEventLog log, ActivityLookup lookup, EventSealing sealing)
{
    /// <summary>Samples per event; keeps each log entry well under a megabyte.</summary>
    public const int SamplesPerEvent = 5_000;

    /// <summary>Appends the samples durably and returns how many were appended.</summary>
    public async Task<int> AppendAsync(ActivityEntry activity, string deviceId, string? deviceKind, IReadOnlyList<Sample> samples,
        SampleSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(samples);
        var owner = activity.MergedInto is { } into ? await lookup.FindAsync(into, cancellationToken) ?? activity : activity;
        var key = await sealing.KeyAsync(owner.AthleteId, cancellationToken);
        for (var offset = 0; offset < samples.Count; offset += SamplesPerEvent)
        {
            var chunk = samples.Count <= SamplesPerEvent ? samples : samples.Skip(offset).Take(SamplesPerEvent).ToList();
            var batch = new SampleBatch(owner.ActivityId, owner.AthleteId, owner.Sport, deviceId, chunk, source, deviceKind, owner.Visibility);
            await log.AppendAsync(Topics.TelemetrySamples, new EventMessage(owner.AthleteId.ToString(), SealedEvents.SampleBatch(batch, key)), cancellationToken);
        }

        TelemetryMetrics.RecordAccepted(samples.Count);
        return samples.Count;
    }
}
