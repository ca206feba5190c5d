using System.Runtime.CompilerServices;
using FitnessDriver.EventLog;

namespace FitnessDriver.Cli.Dlq;

/// <summary>Reads what a topic holds now, from its oldest record to the end it had when reading began.</summary>
internal static class DeadLetterReader
{
    public static async IAsyncEnumerable<DeadLetter> ReadAsync(IEventLog log, string topic, TimeSpan idleLimit,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var ends = await log.GetWatermarksAsync(topic, cancellationToken);
        var positions = ends.ToDictionary(e => e.Key, e => e.Value.Low);
        await using var consumer = log.Subscribe(new ConsumerOptions(Group: null, [topic]));
        var idle = new IdleWatch(idleLimit);
        while (positions.Any(p => p.Value < ends[p.Key].High))
        {
            var records = await consumer.ConsumeAsync(500, TimeSpan.FromSeconds(1), cancellationToken);
            idle.Observe(records.Count, () => $"no records arrived from {topic} for {idleLimit.TotalSeconds:0} s before its end");
            foreach (var record in records.Where(r => r.Offset < ends[r.Partition].High))
            {
                positions[record.Partition] = record.NextOffset;
                yield return new DeadLetter(record);
            }
        }
    }
}

/// <summary>Gives up when nothing arrives for too long while records are known to remain.</summary>
internal sealed class IdleWatch(TimeSpan limit)
{
    private DateTimeOffset lastProgress = DateTimeOffset.UtcNow;

    public void Observe(int records, Func<string> problem)
    {
        if (records > 0)
            lastProgress = DateTimeOffset.UtcNow;
        else if (DateTimeOffset.UtcNow - lastProgress > limit)
            throw new EventLogUnavailableException(problem());
    }
}
