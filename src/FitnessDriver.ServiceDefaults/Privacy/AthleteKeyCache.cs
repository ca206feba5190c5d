using System.Collections.Concurrent;
using FitnessDriver.ServiceDefaults.Identity;

namespace FitnessDriver.ServiceDefaults.Privacy;

/// <summary>
/// Data keys held in memory, at most <see cref="Capacity"/> of them (the least recently used go first), and dropped at
/// once when their athlete is erased: after that no process can open the athlete's data.
/// </summary>
public sealed class AthleteKeyCache
{
    /// <summary>Keys kept at most.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<Guid, (byte[] Key, long Used)> keys = new();
    private readonly Revocations revocations;
    private long clock;

    /// <summary>Creates the cache and forgets the keys of erased athletes.</summary>
    public AthleteKeyCache(Revocations revocations)
    {
        ArgumentNullException.ThrowIfNull(revocations);
        this.revocations = revocations;
        revocations.Revoked += (athleteId, session) =>
        {
            if (session is null && revocations.IsErased(athleteId))
                keys.TryRemove(athleteId, out _);
        };
    }

    /// <summary>True when the athlete was erased: there is no key to find any more.</summary>
    public bool IsErased(Guid athleteId) => revocations.IsErased(athleteId);

    public bool TryGet(Guid athleteId, out byte[] key)
    {
        if (keys.TryGetValue(athleteId, out var entry) && !revocations.IsErased(athleteId))
        {
            keys[athleteId] = (entry.Key, Interlocked.Increment(ref clock));
            key = entry.Key;
            return true;
        }

        key = [];
        return false;
    }

    public void Add(Guid athleteId, byte[] key)
    {
        if (revocations.IsErased(athleteId))
            return;
        keys[athleteId] = (key, Interlocked.Increment(ref clock));
        if (keys.Count > Capacity)
        {
            foreach (var old in keys.OrderBy(k => k.Value.Used).Take(keys.Count - Capacity * 9 / 10).Select(k => k.Key).ToList())
                keys.TryRemove(old, out _);
        }
    }
}
