using System.Text.Json;

namespace FitnessDriver.EventLog.Embedded;

/// <summary>
/// The committed positions of one consumer group, in memory at once and in a small JSON file replaced atomically at
/// most every <see cref="FlushInterval"/> (and when the log closes). Consumers commit after every batch; an fsync each
/// time would cost more than the batch. A crash loses at most the last interval of commits, which only means that
/// those records are delivered again: delivery is at least once anyway, and the services keep their positions with
/// their effects in their own database.
/// </summary>
internal sealed class CommittedPositions : IDisposable
{
    /// <summary>How long a commit may wait to reach the disk.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(500);

    private readonly string path;
    private readonly Lock gate = new();
    private readonly Dictionary<string, long> positions;
    private readonly Timer flusher;
    private bool dirty;
    private bool scheduled;

    public CommittedPositions(string directory, string group)
    {
        Directory.CreateDirectory(directory);
        path = Path.Combine(directory, FileNameFor(group));
        positions = File.Exists(path)
            ? JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllBytes(path)) ?? []
            : [];
        flusher = new Timer(_ => Flush());
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
            var temporary = path + ".tmp";
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(file, positions);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            dirty = false;
        }
    }

    public void Dispose()
    {
        flusher.Dispose();
        Flush();
    }

    private static string KeyOf(TopicPartition partition) => $"{partition.Topic}/{partition.Partition}";

    private static string FileNameFor(string group)
    {
        var safe = string.Concat(group.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        return safe + ".json";
    }
}
