using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Activities;
using FitnessDriver.EventLog;

namespace FitnessDriver.Telemetry;

/// <summary>Appends lifecycle events durably, then applies them to this edge's directory so it reads its own writes.</summary>
public sealed class LifecycleWriter(IEventLog log, ActivityDirectory directory)
{
    /// <summary>Appends the events in order.</summary>
    public async Task AppendAsync(CancellationToken cancellationToken, params ActivityEvent[] events)
    {
        foreach (var activityEvent in events)
        {
            await log.AppendAsync(Topics.ActivityLifecycle,
                new EventMessage(activityEvent.AthleteId.ToString(), ActivityEventCodec.Encode(activityEvent)), cancellationToken);
            directory.Apply(activityEvent);
        }
    }
}
