using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Activities;
using FitnessDriver.EventLog;
using FitnessDriver.Hosting;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Telemetry;

/// <summary>
/// Keeps the <see cref="ActivityDirectory"/> up to date from the lifecycle topic, and lets a request wait until
/// everything appended before it was read, so one edge replica sees another's writes.
/// </summary>
public sealed class ActivityDirectoryFeed(IEventLog log, ActivityDirectory directory, WorkerHealth health, ILogger<ActivityDirectoryFeed> logger)
    : TopicFeed("activity directory feed", Topics.ActivityLifecycle, log, health, logger)
{
    /// <inheritdoc />
    protected override int Count => directory.Count;

    /// <inheritdoc />
    protected override void Apply(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            if (ActivityEventCodec.Decode(record.Value.Span) is { } activityEvent)
                directory.ApplyFromLog(activityEvent);
        }
        catch (ContractFormatException e)
        {
            logger.LogError(e, "Skipping unreadable lifecycle event {Partition}@{Offset}", record.Partition, record.Offset);
        }
    }
}
