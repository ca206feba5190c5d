using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Activities;
using FitnessDriver.Contracts.Privacy;
using FitnessDriver.EventLog;
using FitnessDriver.ServiceDefaults.Privacy;

namespace FitnessDriver.Telemetry;

/// <summary>Appends lifecycle events durably, then applies them to this edge's directory so it reads its own writes.</summary>
public sealed class LifecycleWriter(IEventLog log, ActivityDirectory directory, EventSealing sealing)
{
    /// <summary>Appends the events in order; an activity's name goes sealed with the athlete's key.</summary>
    public async Task AppendAsync(CancellationToken cancellationToken, params ActivityEvent[] events)
    {
        foreach (var activityEvent in events)
        {
            var logged = activityEvent is ActivityStarted { Name: { } name } started
                && await sealing.KeyAsync(started.AthleteId, cancellationToken) is { } key
                ? started with { Name = null, SealedName = Sealed.Seal(key, started.AthleteId, Purposes.ActivityName, name) }
                : activityEvent;
            await log.AppendAsync(Topics.ActivityLifecycle,
                new EventMessage(activityEvent.AthleteId.ToString(), ActivityEventCodec.Encode(logged)), cancellationToken);
            directory.Apply(activityEvent);
        }
    }
}
