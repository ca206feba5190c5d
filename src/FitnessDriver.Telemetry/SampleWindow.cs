using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Telemetry;

/// <summary>
/// The times an activity's samples may have: from <see cref="TelemetryOptions.SampleMarginMinutes"/> before it started
/// to as long after it finished (devices' clocks differ a little, never by years).
/// </summary>
public sealed class SampleWindow(TelemetryOptions options)
{
    private const int MaxReportedErrors = 50;

    private TimeSpan Margin => TimeSpan.FromMinutes(options.SampleMarginMinutes);

    /// <summary>Adds an error for each time outside the window of <paramref name="activity"/>.</summary>
    public void Check(ActivityEntry activity, IEnumerable<(string Field, long T)> times, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var (field, t) in times)
        {
            if (errors.Count >= MaxReportedErrors)
                return;
            if (Outside(activity, t) is { } message)
                errors.Add(field, message);
        }
    }

    /// <summary>Adds an error (<c>samples[i].t</c>) for each sample outside the window of <paramref name="activity"/>.</summary>
    public void Check(ActivityEntry activity, IReadOnlyList<Sample> samples, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(errors);
        for (var i = 0; i < samples.Count && errors.Count < MaxReportedErrors; i++)
        {
            if (Outside(activity, samples[i].T) is { } message)
                errors.Add($"samples[{i}].t", message);
        }
    }

    private string? Outside(ActivityEntry activity, long t)
    {
        var margin = (long)Margin.TotalMilliseconds;
        if (t < activity.StartedAt - margin)
            return $"must not be more than {options.SampleMarginMinutes} minutes before the activity started ({ActivityRequests.Iso(activity.StartedAt)})";
        return activity.FinishedAt is { } finished && t > finished + margin
            ? $"must not be more than {options.SampleMarginMinutes} minutes after the activity finished ({ActivityRequests.Iso(finished)})"
            : null;
    }
}
