using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace FitnessDriver.Testing.Kafka;

/// <summary>
/// An in-process Kafka cluster (librdkafka's mock brokers on 127.0.0.1) with fault injection: brokers down and up,
/// round-trip delays, errors returned to the next requests of a kind.
/// </summary>
public sealed class MockCluster : IDisposable
{
    /// <summary>Kafka API key of Produce requests.</summary>
    public const short ProduceApi = 0;

    private readonly IntPtr handle;
    private readonly IntPtr cluster;
    private bool disposed;

    /// <summary>Starts <paramref name="brokers"/> mock brokers, numbered from 1.</summary>
    public MockCluster(int brokers = 3)
    {
        MockClusterNative.Initialize();
        Brokers = brokers;
        var errors = Marshal.AllocHGlobal(512);
        try
        {
            var conf = MockClusterNative.ConfNew();
            // The owning handle only hosts the cluster; its own log lines about broker state changes are noise.
            MockClusterNative.ConfSet(conf, "log_level", "3", errors, 512);
            handle = MockClusterNative.KafkaNew(MockClusterNative.Producer, conf, errors, 512);
            if (handle == IntPtr.Zero)
                throw new InvalidOperationException("rd_kafka_new failed: " + Marshal.PtrToStringUTF8(errors));
        }
        finally
        {
            Marshal.FreeHGlobal(errors);
        }

        cluster = MockClusterNative.ClusterNew(handle, brokers);
        if (cluster == IntPtr.Zero)
        {
            MockClusterNative.KafkaDestroy(handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(MockClusterNative.ClusterBootstraps(cluster))!;
        // A real cluster waits 3 s for more members before the first assignment; tests have no stragglers to wait for.
        MockClusterNative.GroupInitialRebalanceDelay(cluster, 0);
    }

    /// <summary>
    /// Consumer settings for groups on the mock. When the last member leaves, the mock coordinator (unlike a broker) holds
    /// the next join for about a session timeout; a short session keeps that wait short.
    /// </summary>
    public static Dictionary<string, string> ConsumerSettings => new(StringComparer.Ordinal)
    {
        ["session.timeout.ms"] = "2000",
        ["heartbeat.interval.ms"] = "250",
    };

    /// <summary>The number of brokers; their ids are 1..Brokers.</summary>
    public int Brokers { get; }

    /// <summary>host:port list of the brokers.</summary>
    public string BootstrapServers { get; }

    /// <summary>Creates a topic (the mock has no controller to take CreateTopics requests).</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor) =>
        Check(MockClusterNative.TopicCreate(cluster, topic, partitions, replicationFactor), $"create {topic}");

    /// <summary>Makes <paramref name="brokerId"/> the leader of a partition, as after a leader election.</summary>
    public void SetLeader(string topic, int partition, int brokerId) =>
        Check(MockClusterNative.PartitionSetLeader(cluster, topic, partition, brokerId), $"move {topic}[{partition}] to broker {brokerId}");

    /// <summary>Closes the broker's connections and refuses new ones.</summary>
    public void SetDown(int brokerId) => Check(MockClusterNative.BrokerSetDown(cluster, brokerId), $"take broker {brokerId} down");

    /// <summary>Accepts connections again.</summary>
    public void SetUp(int brokerId) => Check(MockClusterNative.BrokerSetUp(cluster, brokerId), $"bring broker {brokerId} up");

    /// <summary>Delays every response of the broker (requests are still handled at once).</summary>
    public void SetRoundTrip(int brokerId, TimeSpan delay) =>
        Check(MockClusterNative.BrokerSetRtt(cluster, brokerId, (int)delay.TotalMilliseconds), $"delay broker {brokerId}");

    /// <summary>The next requests of <paramref name="apiKey"/>, on any broker, fail with these errors in turn.</summary>
    public void PushRequestErrors(short apiKey, params ErrorCode[] errors) =>
        MockClusterNative.PushRequestErrors(cluster, apiKey, (nuint)errors.Length, errors.Select(e => (int)e).ToArray());

    /// <summary>The leader of each partition of a topic, from the brokers' metadata.</summary>
    public IReadOnlyDictionary<int, int> Leaders(string topic)
    {
        // Silent: it may run while brokers are down, and the test reports what matters.
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers })
            .SetLogHandler((_, _) => { })
            .SetErrorHandler((_, _) => { })
            .Build();
        return admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.ToDictionary(p => p.PartitionId, p => p.Leader);
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
            throw new InvalidOperationException($"Mock cluster could not {what}: {(ErrorCode)error}.");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        MockClusterNative.ClusterDestroy(cluster);
        MockClusterNative.KafkaDestroy(handle);
    }

    /// <inheritdoc />
    public override string ToString() => $"mock cluster {BootstrapServers}";
}
