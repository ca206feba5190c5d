namespace FitnessDriver.EventLog.Embedded;

/// <summary>
/// Shares a topic's partitions among the members of one in-process consumer group.
/// A partition moves only after its previous owner released it, so two members never read it at once.
/// </summary>
internal sealed class GroupCoordinator(string group, CommittedPositions committed)
{
    private readonly Lock gate = new();
    private readonly List<EmbeddedConsumer> members = [];
    private readonly Dictionary<TopicPartition, EmbeddedConsumer> owners = [];
    private TaskCompletionSource changed = NewSignal();

    public string Group { get; } = group;

    public CommittedPositions Committed { get; } = committed;

    public int Generation { get; private set; }

    /// <summary>Completes at the next membership or ownership change.</summary>
    public Task Changed
    {
        get
        {
            lock (gate)
                return changed.Task;
        }
    }

    public void Join(EmbeddedConsumer member)
    {
        lock (gate)
        {
            members.Add(member);
            SignalLocked();
        }
    }

    public void Leave(EmbeddedConsumer member)
    {
        lock (gate)
        {
            members.Remove(member);
            foreach (var partition in owners.Where(o => o.Value == member).Select(o => o.Key).ToList())
                owners.Remove(partition);
            SignalLocked();
        }
    }

    /// <summary>The partitions <paramref name="member"/> should own: a round-robin share of each topic among its readers.</summary>
    public IReadOnlySet<TopicPartition> TargetFor(EmbeddedConsumer member, Func<string, int> partitionCount)
    {
        lock (gate)
        {
            var target = new HashSet<TopicPartition>();
            foreach (var topic in member.Topics)
            {
                var readers = members.Where(m => m.Topics.Contains(topic)).ToList();
                var index = readers.IndexOf(member);
                for (var p = 0; p < partitionCount(topic); p++)
                {
                    if (p % readers.Count == index)
                        target.Add(new TopicPartition(topic, p));
                }
            }

            return target;
        }
    }

    public bool TryClaim(EmbeddedConsumer member, TopicPartition partition)
    {
        lock (gate)
        {
            if (owners.TryGetValue(partition, out var owner) && owner != member)
                return false;
            owners[partition] = member;
            return true;
        }
    }

    public void Release(EmbeddedConsumer member, IEnumerable<TopicPartition> partitions)
    {
        lock (gate)
        {
            foreach (var partition in partitions)
            {
                if (owners.TryGetValue(partition, out var owner) && owner == member)
                    owners.Remove(partition);
            }

            SignalLocked();
        }
    }

    private void SignalLocked()
    {
        Generation++;
        var previous = changed;
        changed = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
