using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.EventLog.Embedded;

/// <summary>A topic of the embedded log: a folder with one FasterLog per partition and its partition count.</summary>
internal sealed class EmbeddedTopic : IAsyncDisposable
{
    private sealed record TopicMetadata(int Partitions);

    private EmbeddedTopic(string name, PartitionLog[] partitions)
    {
        Name = name;
        Partitions = partitions;
    }

    public string Name { get; }

    public IReadOnlyList<PartitionLog> Partitions { get; }

    public static EmbeddedTopic Open(string name, string directory, EmbeddedEventLogOptions options, ILogger logger)
    {
        Directory.CreateDirectory(directory);
        var metadataPath = Path.Combine(directory, "topic.json");
        var requested = options.PartitionsOf(name);
        int count;
        if (File.Exists(metadataPath))
        {
            count = JsonSerializer.Deserialize<TopicMetadata>(File.ReadAllBytes(metadataPath))?.Partitions
                ?? throw new InvalidDataException($"{metadataPath} is empty.");
            if (count != requested)
                logger.LogWarning("Topic {Topic} keeps its {Existing} partitions; {Requested} were configured. Keys map to partitions by count, so it cannot change in place",
                    name, count, requested);
        }
        else
        {
            count = requested;
            File.WriteAllBytes(metadataPath, JsonSerializer.SerializeToUtf8Bytes(new TopicMetadata(count)));
        }

        var partitions = new PartitionLog[count];
        for (var p = 0; p < count; p++)
            partitions[p] = new PartitionLog(new TopicPartition(name, p), Path.Combine(directory, p.ToString(System.Globalization.CultureInfo.InvariantCulture)), options, logger);
        return new EmbeddedTopic(name, partitions);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var partition in Partitions)
            await partition.DisposeAsync();
    }
}
