using System.Collections.Concurrent;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Social.Groups;

/// <summary>
/// Display names of the athletes in live sessions, kept in memory while they are in one. Updates go out from a
/// background worker, which has no athlete's token to ask Profiles with when it runs apart (the all-in-one host looks
/// names up directly): the names a request looked up with its caller's token (joining, reading a session) fill in.
/// </summary>
public sealed class GroupNames(IServiceScopeFactory scopes, ILogger<GroupNames> logger)
{
    private readonly ConcurrentDictionary<Guid, string> known = new();

    /// <summary>Names looked up by a request.</summary>
    public void Remember(IReadOnlyDictionary<Guid, string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var (athleteId, name) in names)
            known[athleteId] = name;
    }

    /// <summary>Forgets the athletes no longer in a live session.</summary>
    public void Retain(IReadOnlySet<Guid> live)
    {
        ArgumentNullException.ThrowIfNull(live);
        foreach (var athleteId in known.Keys.Where(a => !live.Contains(a)))
            known.TryRemove(athleteId, out _);
    }

    /// <summary>Names of the athletes: those known, and the others as Profiles can tell them without a caller.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> FindAsync(IReadOnlyCollection<Guid> athleteIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(athleteIds);
        var names = athleteIds.Where(known.ContainsKey).ToDictionary(a => a, a => known[a]);
        var missing = athleteIds.Where(a => !names.ContainsKey(a)).ToList();
        if (missing.Count == 0)
            return names;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var found = await scope.ServiceProvider.GetRequiredService<IDisplayNames>().FindAsync(missing, cancellationToken);
            Remember(found);
            foreach (var (athleteId, name) in found)
                names[athleteId] = name;
        }
        catch (HttpRequestException e)
        {
            logger.LogDebug("Profiles told no names without a caller ({Reason}); updates carry those they know", e.Message);
        }

        return names;
    }
}
