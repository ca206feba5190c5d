using FitnessDriver.EventLog.Embedded;

namespace FitnessDriver.EventLog.Tests.Contract;

/// <summary>The contract on the embedded log, in a temporary directory.</summary>
public sealed class EmbeddedEventLogContractTests : EventLogContract
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"fd-eventlog-{Guid.NewGuid():N}");

    protected override ValueTask PrepareAsync(IReadOnlyList<string> topics) => ValueTask.CompletedTask;

    protected override ValueTask<IEventLog> OpenLogAsync() => ValueTask.FromResult<IEventLog>(new EmbeddedEventLog(new EmbeddedEventLogOptions
    {
        Directory = directory,
        DefaultPartitions = PartitionCount,
        // Small pages keep the test's memory and files small; entries here are tiny.
        PageSizeBits = 16,
        MemorySizeBits = 18,
        SegmentSizeBits = 22,
    }));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
