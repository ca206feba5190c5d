using System.Text.Json;

namespace FitnessDriver.EventLog.Embedded;

/// <summary>
/// The committed positions of one consumer group, in memory at once and in a small JSON file replaced atomically at
/// most every <see cref="FlushInterval"/> (and when the log closes). Consumers commit after every batch; an fsync each
/// time would cost more than the batch. A crash loses at most the last interval of commits, which only means that
/// those records are delivered again: delivery is at least once anyway, and the services keep their positions with
/// their effects in their own database. The topics the group reads are kept beside them (written at once), so that
/// retention knows a group that has not committed yet.
/// </summary>
internal sealed class CommittedPositions : IDisposable
{
    /// <summary>How long a commit may wait to reach the disk.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The folder, beside the positions, of the files that list each group's topics.</summary>
    public const string SubscriptionsFolder = "subscriptions";

    private readonly string path;
    private readonly string subscriptionsPath;
    private readonly Lock gate = new();
    private readonly Dictionary<string, long> positions;
    private readonly SortedSet<string> topics;
    private readonly Timer flusher;
    private bool dirty;
    private bool scheduled;

    public CommittedPositions(string directory, string group)
    {
        Directory.CreateDirectory(directory);
        path = Path.Combine(directory, FileNameFor(group));
        subscriptionsPath = Path.Combine(directory, SubscriptionsFolder, FileNameFor(group));
        positions = ReadOrEmpty<Dictionary<string, long>>(path);
        topics = new SortedSet<string>(ReadOrEmpty<List<string>>(subscriptionsPath), StringComparer.Ordinal);
        flusher = new Timer(_ => Flush());
    }

    /// <summary>Records that the group reads <paramref name="read"/>, on disk before it returns.</summary>
    public void Subscribe(IEnumerable<string> read)
    {
        lock (gate)
        {
            var before = topics.Count;
            topics.UnionWith(read);
            if (topics.Count == before)
                return;
            Directory.CreateDirectory(Path.GetDirectoryName(subscriptionsPath)!);
            WriteAtomically(subscriptionsPath, topics);
        }
    }

    public bool TryGet(TopicPartition partition, out long position)
    {
        lock (gate)
            return positions.TryGetValue(KeyOf(partition), out position);
    }

    public void Commit(IReadOnlyDictionary<TopicPartition, long> committed)
    {
        lock (gate)
        {
            foreach (var (partition, position) in committed)
                positions[KeyOf(partition)] = position;
            dirty = true;
            if (!scheduled)
            {
                scheduled = true;
                flusher.Change(FlushInterval, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Writes the positions if anything changed since the last write.</summary>
    public void Flush()
    {
        lock (gate)
        {
            scheduled = false;
            if (!dirty)
                return;
            WriteAtomically(path, positions);
            dirty = false;
        }
    }

    public void Dispose()
    {
        flusher.Dispose();
        Flush();
    }

    /// <summary>How a partition is named in the positions file.</summary>
    public static string KeyOf(TopicPartition partition) => $"{partition.Topic}/{partition.Partition}";

    /// <summary>The file's content, or an empty value when there is no file.</summary>
    public static T ReadOrEmpty<T>(string file)
        where T : new() =>
        File.Exists(file) ? JsonSerializer.Deserialize<T>(File.ReadAllBytes(file)) ?? new T() : new T();

    private static void WriteAtomically<T>(string file, T value)
    {
        var temporary = file + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, value);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, file, overwrite: true);
    }

    private static string FileNameFor(string group)
    {
        var safe = string.Concat(group.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        return safe + ".json";
    }
}
