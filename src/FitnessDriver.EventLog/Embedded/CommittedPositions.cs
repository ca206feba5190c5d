using System.Text.Json;

namespace FitnessDriver.EventLog.Embedded;

/// <summary>
/// The committed positions of one consumer group, kept in a small JSON file replaced atomically on each commit.
/// </summary>
internal sealed class CommittedPositions
{
    private readonly string path;
    private readonly Lock gate = new();
    private readonly Dictionary<string, long> positions;

    public CommittedPositions(string directory, string group)
    {
        Directory.CreateDirectory(directory);
        path = Path.Combine(directory, FileNameFor(group));
        positions = File.Exists(path)
            ? JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllBytes(path)) ?? []
            : [];
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

            var temporary = path + ".tmp";
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(file, positions);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
    }

    private static string KeyOf(TopicPartition partition) => $"{partition.Topic}/{partition.Partition}";

    private static string FileNameFor(string group)
    {
        var safe = string.Concat(group.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        return safe + ".json";
    }
}
