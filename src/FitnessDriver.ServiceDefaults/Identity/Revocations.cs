using System.Collections.Concurrent;

namespace FitnessDriver.ServiceDefaults.Identity;

/// <summary>
/// What no longer grants access, as Profiles announced it: revoked sessions, athletes who signed out everywhere (every
/// token issued before a time), erased athletes. Kept in memory from the identity topic, so checking a token costs no
/// round trip; a revoked session is forgotten once none of its tokens can be valid anyway.
/// </summary>
public sealed class Revocations(TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, long> sessions = new();
    private readonly ConcurrentDictionary<Guid, long> signedOutBefore = new();
    private readonly ConcurrentDictionary<Guid, long> erased = new();
    private long nextPrune;

    /// <summary>Raised when tokens of an athlete stop granting access: the session, or null for all of them.</summary>
    public event Action<Guid, Guid?>? Revoked;

    /// <summary>How many entries are kept.</summary>
    public int Count => sessions.Count + signedOutBefore.Count + erased.Count;

    public void RevokeSession(Guid athleteId, Guid sessionId, long validUntil)
    {
        sessions[sessionId] = validUntil;
        Revoked?.Invoke(athleteId, sessionId);
        Prune();
    }

    public void SignOut(Guid athleteId, long before)
    {
        signedOutBefore.AddOrUpdate(athleteId, before, (_, existing) => Math.Max(existing, before));
        Revoked?.Invoke(athleteId, null);
    }

    public void Erase(Guid athleteId, long erasedAt)
    {
        erased[athleteId] = erasedAt;
        Revoked?.Invoke(athleteId, null);
    }

    /// <summary>True once the athlete was erased.</summary>
    public bool IsErased(Guid athleteId) => erased.ContainsKey(athleteId);

    /// <summary>Why a token of <paramref name="athleteId"/> in <paramref name="sessionId"/>, begun at <paramref name="sessionCreatedAt"/> (epoch ms), no longer counts; null when it does.</summary>
    public string? Reason(Guid athleteId, Guid sessionId, long sessionCreatedAt)
    {
        if (erased.ContainsKey(athleteId))
            return "the athlete was erased";
        if (signedOutBefore.TryGetValue(athleteId, out var before) && sessionCreatedAt < before)
            return "the athlete signed out everywhere";
        return sessions.ContainsKey(sessionId) ? "the session was revoked" : null;
    }

    private void Prune()
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (now < Interlocked.Read(ref nextPrune))
            return;
        Interlocked.Exchange(ref nextPrune, now + 60_000);
        foreach (var (session, validUntil) in sessions)
        {
            if (validUntil < now)
                sessions.TryRemove(session, out _);
        }
    }
}
