namespace FitnessDriver.EventLog.Embedded;

/// <summary>
/// Every consumer group of a log as its files hold it: the topics it reads and the positions it committed. What the
/// files hold never runs ahead of what the groups committed, so it is a safe lower bound for retention.
/// </summary>
internal sealed class StoredGroups
{
    private sealed record StoredGroup(IReadOnlyDictionary<string, long> Positions, IReadOnlySet<string> Topics)
    {
        public bool Reads(string topic) =>
            Topics.Contains(topic) || Positions.Keys.Any(key => key.StartsWith(topic + "/", StringComparison.Ordinal));
    }

    private readonly IReadOnlyList<StoredGroup> groups;

    private StoredGroups(IReadOnlyList<StoredGroup> groups) => this.groups = groups;

    public static StoredGroups Read(string directory)
    {
        var subscriptions = Path.Combine(directory, CommittedPositions.SubscriptionsFolder);
        var fileNames = FileNames(directory).Union(FileNames(subscriptions), StringComparer.Ordinal);
        return new StoredGroups(fileNames.Select(name => new StoredGroup(
            CommittedPositions.ReadOrEmpty<Dictionary<string, long>>(Path.Combine(directory, name)),
            CommittedPositions.ReadOrEmpty<HashSet<string>>(Path.Combine(subscriptions, name)))).ToList());
    }

    /// <summary>
    /// The position that every group reading the partition's topic has committed past: the start of the log when one
    /// of them never committed there, null when no group reads the topic.
    /// </summary>
    public long? CommittedByAll(TopicPartition partition)
    {
        var key = CommittedPositions.KeyOf(partition);
        var readers = groups.Where(g => g.Reads(partition.Topic)).ToList();
        return readers.Count == 0 ? null : readers.Min(g => g.Positions.TryGetValue(key, out var position) ? position : 0);
    }

    private static IEnumerable<string> FileNames(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*.json").Select(Path.GetFileName).OfType<string>() : [];
}
