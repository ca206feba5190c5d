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
        var margin = (long)Margin.TotalMilliseconds;
        foreach (var (field, t) in times)
        {
            if (errors.Count >= MaxReportedErrors)
                return;
            if (t < activity.StartedAt - margin)
            {
                errors.Add(field, $"must not be more than {options.SampleMarginMinutes} minutes before the activity started ({ActivityRequests.Iso(activity.StartedAt)})");
            }
            else if (activity.FinishedAt is { } finished && t > finished + margin)
            {
                errors.Add(field, $"must not be more than {options.SampleMarginMinutes} minutes after the activity finished ({ActivityRequests.Iso(finished)})");
            }
        }
    }
}
