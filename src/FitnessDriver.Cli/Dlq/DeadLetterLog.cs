using FitnessDriver.EventLog;
using FitnessDriver.EventLog.Embedded;
using FitnessDriver.EventLog.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.Cli.Dlq;

/// <summary>
/// The event log a dead-letter command works on: a Kafka cluster, or the embedded log in a stopped host's data
/// directory (locked like the host locks it, so neither can run while the other has it open).
/// </summary>
internal sealed class DeadLetterLog : IAsyncDisposable
{
    private readonly FileStream? hostLock;

    private DeadLetterLog(IEventLog log, FileStream? hostLock, string? topicsDirectory)
    {
        Log = log;
        this.hostLock = hostLock;
        TopicsDirectory = topicsDirectory;
    }

    public IEventLog Log { get; }

    /// <summary>Where the embedded log keeps its topics; null on Kafka.</summary>
    public string? TopicsDirectory { get; }

    /// <summary>
    /// Kafka settings come from the same <c>EventLog__Kafka__*</c> variables the services read (TLS, SASL, consumer
    /// settings), with <paramref name="bootstrapServers"/> for the brokers.
    /// </summary>
    public static DeadLetterLog OpenKafka(string bootstrapServers, IConfiguration configuration, ILoggerFactory logging)
    {
        var options = new KafkaEventLogOptions();
        configuration.GetSection(KafkaEventLogOptions.SectionName).Bind(options);
        options.BootstrapServers = bootstrapServers;
        options.ClientId = "fd-dlq";
        options.CreateTopics = false;
        return new DeadLetterLog(new KafkaEventLog(options, logging), null, null);
    }

    public static DeadLetterLog OpenEmbedded(string dataDirectory, IConfiguration configuration, ILoggerFactory logging)
    {
        var lockPath = Path.Combine(dataDirectory, "host.lock");
        if (!Directory.Exists(Path.Combine(dataDirectory, "log")))
            throw new InvalidOperationException($"{dataDirectory} holds no event log (no log folder): is it a host's data directory (FD_DATA_DIR)?");
        FileStream hostLock;
        try
        {
            hostLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"A Fitness Driver host is running on {dataDirectory}; stop it first (its log is open).", e);
        }

        var options = new EmbeddedEventLogOptions();
        configuration.GetSection("EventLog:Embedded").Bind(options);
        options.Directory = Path.Combine(dataDirectory, "log");
        return new DeadLetterLog(new EmbeddedEventLog(options, logging.CreateLogger<EmbeddedEventLog>()), hostLock, Path.Combine(options.Directory, "topics"));
    }

    /// <summary>Fails for a topic the embedded log does not have (opening it there would create it).</summary>
    public void EnsureExists(string topic)
    {
        if (TopicsDirectory is not null && !Directory.Exists(Path.Combine(TopicsDirectory, topic)))
            throw new EventLogUnavailableException($"The embedded log in {Path.GetDirectoryName(TopicsDirectory)} has no topic {topic}.");
    }

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync();
        if (hostLock is not null)
            await hostLock.DisposeAsync();
    }
}
