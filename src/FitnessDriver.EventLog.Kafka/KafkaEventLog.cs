using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using FitnessDriver.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FitnessDriver.EventLog.Kafka;

/// <summary>
/// The event log on Apache Kafka: one idempotent <c>acks=all</c> producer per process (an append completes when its
/// delivery report says the in-sync replicas have it), consumer groups with manual commits, and Kafka offsets as positions.
/// </summary>
public sealed class KafkaEventLog : IEventLog
{
    private readonly KafkaEventLogOptions options;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;
    private readonly IAdminClient admin;
    private readonly IConsumer<string, byte[]> watermarkReader;
    private readonly ConcurrentDictionary<string, int> partitionCounts = new(StringComparer.Ordinal);
    private readonly Lock producerGate = new();
    private IProducer<string, byte[]> producer;
    private Error? lastFatalError;
    private bool disposed;

    /// <summary>Connects to the brokers in <see cref="KafkaEventLogOptions.BootstrapServers"/> (lazily: nothing is sent yet).</summary>
    public KafkaEventLog(KafkaEventLogOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
            throw new ArgumentException("The Kafka event log needs EventLog:Kafka:BootstrapServers.", nameof(options));
        KafkaNativeLibrary.EnsureLoaded();
        this.options = options;
        this.loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        logger = this.loggerFactory.CreateLogger<KafkaEventLog>();
        Logging = new KafkaLogging(this.loggerFactory.CreateLogger("FitnessDriver.EventLog.Kafka.Client"));
        try
        {
            producer = BuildProducer();
            admin = new AdminClientBuilder(KafkaClientSettings.Admin(options))
                .SetErrorHandler((_, error) => Logging.Error(error))
                .SetLogHandler((_, message) => Logging.Log(message))
                .Build();
            // Only IConsumer can ask a partition's leader for its watermarks; this one never joins a group.
            watermarkReader = new ConsumerBuilder<string, byte[]>(KafkaClientSettings.Consumer(options, $"{options.ClientId}.watermarks"))
                .SetErrorHandler((_, error) => Logging.Error(error))
                .SetLogHandler((_, message) => Logging.Log(message))
                .Build();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KafkaException)
        {
            throw new StartupException($"The settings under {KafkaEventLogOptions.SectionName} are not a working Kafka client configuration: {e.Message}", e);
        }
    }

    /// <summary>Set after the producer failed fatally (it is then replaced); cleared by the next acknowledged append.</summary>
    public string? Failure => lastFatalError is { } error ? $"{error.Reason} ({error.Code})" : null;

    internal TimeSpan OperationTimeout => options.OperationTimeout;

    /// <summary>The throttled logging every client of this log shares.</summary>
    internal KafkaLogging Logging { get; }

    /// <summary>
    /// Creates the topics that do not exist yet with their configured partition count, replication factor and
    /// <c>min.insync.replicas</c>; existing topics are left as they are.
    /// </summary>
    public async Task CreateTopicsAsync(IEnumerable<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        var specifications = names.Distinct(StringComparer.Ordinal).Select(name => new TopicSpecification
        {
            Name = name,
            NumPartitions = options.PartitionsOf(name),
            ReplicationFactor = options.ReplicationFactor,
            Configs = new Dictionary<string, string>
            {
                ["min.insync.replicas"] = Math.Max(1, Math.Min(options.MinInSyncReplicas, (int)options.ReplicationFactor)).ToString(CultureInfo.InvariantCulture),
                // Signing keys and revocations must outlive any retention: the latest event per key is kept instead.
                ["cleanup.policy"] = Contracts.Topics.Compacted.Contains(name) ? "compact" : "delete",
            },
        }).ToList();
        if (specifications.Count == 0)
            return;
        var brokers = await Task.Run(() => BrokerCount(), cancellationToken);
        if (options.ReplicationFactor > brokers)
        {
            throw new StartupException($"{KafkaEventLogOptions.SectionName}:{nameof(KafkaEventLogOptions.ReplicationFactor)} is {options.ReplicationFactor}, " +
                $"but the cluster at {options.BootstrapServers} has {brokers} broker(s): set it to at most {brokers} (EventLog__Kafka__ReplicationFactor).");
        }

        try
        {
            await admin.CreateTopicsAsync(specifications, new CreateTopicsOptions
            {
                RequestTimeout = options.OperationTimeout,
                OperationTimeout = options.OperationTimeout,
            }).WaitAsync(cancellationToken);
            logger.LogInformation("Created topics {Topics}", string.Join(", ", specifications.Select(s => s.Name)));
        }
        catch (CreateTopicsException e)
        {
            var failed = e.Results.Where(r => r.Error.Code is not (ErrorCode.NoError or ErrorCode.TopicAlreadyExists)).ToList();
            if (failed.Select(r => SettingAt(r.Error.Code)).FirstOrDefault(s => s is not null) is { } setting)
            {
                throw new StartupException($"{setting} cannot work with this Kafka cluster: {failed.First(r => SettingAt(r.Error.Code) == setting).Error.Reason.TrimEnd('.')}. " +
                    "Change the setting (see docs/operations.md), or create the topics yourself and set EventLog:Kafka:CreateTopics=false.", e);
            }

            if (failed.Count > 0)
                throw new EventLogUnavailableException("Creating topics failed: " + string.Join("; ", failed.Select(r => $"{r.Topic}: {r.Error.Reason}")), e);
            var created = e.Results.Where(r => r.Error.Code == ErrorCode.NoError).Select(r => r.Topic).ToList();
            if (created.Count > 0)
                logger.LogInformation("Created topics {Topics}", string.Join(", ", created));
        }
        catch (KafkaException e)
        {
            if (SettingAt(e.Error.Code) is { } setting)
                throw new StartupException($"{setting} cannot work with this Kafka cluster: {e.Error.Reason.TrimEnd('.')}. Change the setting (see docs/operations.md).", e);
            throw new EventLogUnavailableException($"Creating topics failed: {e.Error.Reason}.", e);
        }
    }

    private int BrokerCount()
    {
        try
        {
            return admin.GetMetadata(options.OperationTimeout).Brokers.Count;
        }
        catch (KafkaException e)
        {
            throw new EventLogUnavailableException($"Kafka metadata unavailable: {e.Error.Reason}.", e);
        }
    }

    /// <summary>The setting to change when topic creation fails with <paramref name="code"/>; null when no setting fixes it.</summary>
    private static string? SettingAt(ErrorCode code) => code switch
    {
        ErrorCode.InvalidReplicationFactor => $"{KafkaEventLogOptions.SectionName}:{nameof(KafkaEventLogOptions.ReplicationFactor)}",
        ErrorCode.InvalidPartitions => $"{KafkaEventLogOptions.SectionName}:{nameof(KafkaEventLogOptions.DefaultPartitions)}",
        ErrorCode.InvalidConfig or ErrorCode.PolicyViolation => $"{KafkaEventLogOptions.SectionName}:{nameof(KafkaEventLogOptions.MinInSyncReplicas)}",
        ErrorCode.TopicAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed => $"{KafkaEventLogOptions.SectionName}:Settings (credentials)",
        _ => null,
    };

    /// <inheritdoc />
    public async ValueTask<AppendResult> AppendAsync(string topic, EventMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(disposed, this);
        var started = Stopwatch.GetTimestamp();
        var current = producer;
        DeliveryResult<string, byte[]> delivery;
        try
        {
            delivery = await current.ProduceAsync(topic, KafkaRecords.ToKafka(message), cancellationToken);
        }
        catch (ProduceException<string, byte[]> e) when (!ProduceFailures.IsMessageFault(e.Error))
        {
            if (e.Error.IsFatal)
                ReplaceProducer(current, e.Error);
            throw ProduceFailures.Unavailable(topic, e.Error, e);
        }
        catch (KafkaException e) when (e is not ProduceException<string, byte[]>)
        {
            throw ProduceFailures.Unavailable(topic, e.Error, e);
        }

        lastFatalError = null;
        EventLogMetrics.RecordAppend(topic, Stopwatch.GetElapsedTime(started));
        return new AppendResult(new TopicPartition(topic, delivery.Partition.Value), delivery.Offset.Value);
    }

    /// <inheritdoc />
    public int GetPartitionCount(string topic)
    {
        if (partitionCounts.TryGetValue(topic, out var count))
            return count;
        count = Describe(topic).Partitions.Count;
        return partitionCounts.GetOrAdd(topic, count);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<TopicPartition, Watermarks>> GetWatermarksAsync(string topic, CancellationToken cancellationToken = default)
    {
        var count = await Task.Run(() => GetPartitionCount(topic), cancellationToken);
        // One blocking request per partition: asked side by side, the wait is one round trip rather than one per partition.
        var queries = Enumerable.Range(0, count).Select(partition => Task.Run(() =>
        {
            try
            {
                var watermarks = watermarkReader.QueryWatermarkOffsets(new Confluent.Kafka.TopicPartition(topic, partition), options.OperationTimeout);
                return (Partition: new TopicPartition(topic, partition), Watermarks: new Watermarks(watermarks.Low.Value, watermarks.High.Value));
            }
            catch (KafkaException e)
            {
                throw new EventLogUnavailableException($"Watermarks of {topic}[{partition}] unavailable: {e.Error.Reason}.", e);
            }
        }, cancellationToken));
        return (await Task.WhenAll(queries)).ToDictionary(q => q.Partition, q => q.Watermarks);
    }

    /// <inheritdoc />
    public IEventConsumer Subscribe(ConsumerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(disposed, this);
        return new KafkaConsumer(this, this.options, options, loggerFactory.CreateLogger<KafkaConsumer>());
    }

    /// <summary>Asks the cluster for a topic's metadata: succeeds only when a broker answers and the topic exists.</summary>
    /// <exception cref="EventLogUnavailableException">No broker answered, or the topic is missing or has no partitions.</exception>
    public TopicMetadata Describe(string topic)
    {
        Metadata metadata;
        try
        {
            metadata = admin.GetMetadata(topic, options.OperationTimeout);
        }
        catch (KafkaException e)
        {
            throw new EventLogUnavailableException($"Kafka metadata for {topic} unavailable: {e.Error.Reason}.", e);
        }

        var described = metadata.Topics.SingleOrDefault(t => t.Topic == topic);
        if (described is null || described.Error.IsError || described.Partitions.Count == 0)
            throw new EventLogUnavailableException($"Topic {topic} is not available: {described?.Error.Reason ?? "not in the metadata"}.");
        return described;
    }

    private IProducer<string, byte[]> BuildProducer() =>
        new ProducerBuilder<string, byte[]>(KafkaClientSettings.Producer(options))
            .SetErrorHandler((_, error) => Logging.Error(error))
            .SetLogHandler((_, message) => Logging.Log(message))
            .Build();

    /// <summary>
    /// An idempotent producer that hit a fatal error (e.g. a sequence gap it cannot resolve) refuses everything after;
    /// a fresh one starts a new producer id. Appends in flight on the old one fail as unavailable, never silently.
    /// </summary>
    private void ReplaceProducer(IProducer<string, byte[]> failed, Error error)
    {
        lock (producerGate)
        {
            if (!ReferenceEquals(producer, failed) || disposed)
                return;
            lastFatalError = error;
            producer = BuildProducer();
        }

        logger.LogError("Kafka producer failed fatally ({Reason}); replaced it", error.Reason);
        _ = Task.Run(failed.Dispose);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        IProducer<string, byte[]> last;
        lock (producerGate)
        {
            if (disposed)
                return;
            disposed = true;
            last = producer;
        }

        // Appends still in flight get their delivery reports before the producer goes.
        await Task.Run(() =>
        {
            last.Flush(options.OperationTimeout);
            last.Dispose();
            watermarkReader.Dispose();
            admin.Dispose();
        });
    }
}
