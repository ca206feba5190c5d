using System.Collections.Concurrent;
using System.Threading.Channels;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.ServiceDefaults.Identity;

namespace FitnessDriver.Notifications;

/// <summary>
/// The WebSockets open in this process, by athlete, and the messages queued for each. An athlete holds at most
/// <see cref="RateLimits.Options.WebSocketsPerAthlete"/> (a new one closes the oldest), the process at most
/// <see cref="RateLimits.Options.WebSockets"/>; a connection whose session or athlete is revoked is closed.
/// </summary>
public sealed class NotificationHub
{
    private const int QueueLimit = 256;
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscriber, byte>> subscribers = new();
    private readonly RateLimits.Options limits;
    private long sequence;
    private int total;

    /// <summary>Creates the hub and closes the connections of whatever <paramref name="revocations"/> revokes.</summary>
    public NotificationHub(RateLimits.Options limits, Revocations revocations)
    {
        ArgumentNullException.ThrowIfNull(revocations);
        this.limits = limits;
        revocations.Revoked += (athleteId, sessionId) => CloseWhere(athleteId, s => sessionId is null || s.SessionId == sessionId, "the token was revoked");
    }

    /// <summary>One open connection: messages to send, in order.</summary>
    public sealed class Subscriber(Guid athleteId, Guid sessionId, long order)
    {
        internal Channel<string> Queue { get; } = Channel.CreateBounded<string>(new BoundedChannelOptions(QueueLimit) { SingleReader = true });

        internal long Order { get; } = order;

        /// <summary>The athlete it belongs to.</summary>
        public Guid AthleteId { get; } = athleteId;

        /// <summary>The session of the token it was opened with.</summary>
        public Guid SessionId { get; } = sessionId;

        /// <summary>Messages to send.</summary>
        public ChannelReader<string> Messages => Queue.Reader;

        /// <summary>Set when the client fell too far behind; it should reconnect and catch up from the inbox.</summary>
        public bool Overflowed { get; internal set; }

        /// <summary>Set when the server closed the connection, with why.</summary>
        public string? ClosedBecause { get; private set; }

        internal void Close(string reason)
        {
            ClosedBecause ??= reason;
            Queue.Writer.TryComplete();
        }
    }

    /// <summary>Registers a connection, or returns null when the process holds as many as it may.</summary>
    public Subscriber? Subscribe(Guid athleteId, Guid sessionId)
    {
        if (Interlocked.Increment(ref total) > limits.WebSockets)
        {
            Interlocked.Decrement(ref total);
            return null;
        }

        var subscriber = new Subscriber(athleteId, sessionId, Interlocked.Increment(ref sequence));
        var set = subscribers.GetOrAdd(athleteId, _ => new());
        set.TryAdd(subscriber, 0);
        foreach (var oldest in set.Keys.OrderByDescending(s => s.Order).Skip(limits.WebSocketsPerAthlete))
        {
            // It no longer counts while its close handshake runs.
            oldest.Close($"replaced by a newer connection (at most {limits.WebSocketsPerAthlete} per athlete)");
            Unsubscribe(oldest);
        }
        return subscriber;
    }

    /// <summary>Removes a connection.</summary>
    public void Unsubscribe(Subscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        if (subscribers.TryGetValue(subscriber.AthleteId, out var set) && set.TryRemove(subscriber, out _))
        {
            Interlocked.Decrement(ref total);
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

    private void CloseWhere(Guid athleteId, Func<Subscriber, bool> match, string reason)
    {
        if (!subscribers.TryGetValue(athleteId, out var set))
            return;
        foreach (var subscriber in set.Keys.Where(match))
            subscriber.Close(reason);
    }
}
