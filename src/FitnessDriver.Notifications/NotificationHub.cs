using System.Collections.Concurrent;
using System.Threading.Channels;

namespace FitnessDriver.Notifications;

/// <summary>The WebSockets open in this process, by athlete, and the messages queued for each.</summary>
public sealed class NotificationHub
{
    private const int QueueLimit = 256;
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscriber, byte>> subscribers = new();

    /// <summary>One open connection: messages to send, in order.</summary>
    public sealed class Subscriber(Guid athleteId)
    {
        internal Channel<string> Queue { get; } = Channel.CreateBounded<string>(new BoundedChannelOptions(QueueLimit) { SingleReader = true });

        /// <summary>The athlete it belongs to.</summary>
        public Guid AthleteId { get; } = athleteId;

        /// <summary>Messages to send.</summary>
        public ChannelReader<string> Messages => Queue.Reader;

        /// <summary>Set when the client fell too far behind; it should reconnect and catch up from the inbox.</summary>
        public bool Overflowed { get; internal set; }
    }

    /// <summary>Registers a connection.</summary>
    public Subscriber Subscribe(Guid athleteId)
    {
        var subscriber = new Subscriber(athleteId);
        subscribers.GetOrAdd(athleteId, _ => new()).TryAdd(subscriber, 0);
        return subscriber;
    }

    /// <summary>Removes a connection.</summary>
    public void Unsubscribe(Subscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        if (subscribers.TryGetValue(subscriber.AthleteId, out var set))
        {
            set.TryRemove(subscriber, out _);
            if (set.IsEmpty)
                subscribers.TryRemove(new KeyValuePair<Guid, ConcurrentDictionary<Subscriber, byte>>(subscriber.AthleteId, set));
        }

        subscriber.Queue.Writer.TryComplete();
    }

    /// <summary>True when the athlete has a connection here.</summary>
    public bool IsConnected(Guid athleteId) => subscribers.ContainsKey(athleteId);

    /// <summary>Queues a message for every connection of the athlete.</summary>
    public void Publish(Guid athleteId, string message)
    {
        if (!subscribers.TryGetValue(athleteId, out var set))
            return;
        foreach (var subscriber in set.Keys)
        {
            if (!subscriber.Queue.Writer.TryWrite(message))
            {
                subscriber.Overflowed = true;
                subscriber.Queue.Writer.TryComplete();
            }
        }
    }
}
