using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Activities;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices;

namespace FitnessDriver.Telemetry;

/// <summary>
/// A file that records several sports in one (a triathlon) becomes one activity per leg, each with its sport, linked by
/// a multisport id. A transition belongs to the leg before it; each leg runs until the next one starts.
/// </summary>
internal static class MultisportFiles
{
    /// <summary>
    /// The legs' sports and starts when the file's sessions (transitions aside) are of two or more sports; else none: a
    /// file with several sessions of one sport stays one activity.
    /// </summary>
    public static IReadOnlyList<ActivitySession> Legs(Devices.ActivitySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var legs = summary.Sessions.Where(s => s.Sport is not null).ToList();
        return legs.Select(l => l.Sport).Distinct().Count() > 1 ? legs : [];
    }

    /// <summary>Whose legs these are and how they are made: the device, the name the legs share, and each leg's id from a key.</summary>
    public sealed record Target(Guid AthleteId, string DeviceId, string? Kind, string Name, Visibility Visibility, Func<string, Guid> IdFor);

    /// <summary>Creates the legs' activities (unless this file was imported before) and appends each leg's samples; also says which legs it created.</summary>
    public static async Task<(ImportAccepted Accepted, IReadOnlyList<Guid> Created)> ImportAsync(IReadOnlyList<ActivitySession> legs, ImportSpool spool, Target target,
        ActivityDirectory directory, LifecycleWriter lifecycle, SampleAppender appender, string format, IReadOnlyList<string>? warnings, CancellationToken cancellationToken)
    {
        var (athleteId, deviceId, kind, name, visibility, idFor) = target;
        int LegOf(long t) => Math.Max(0, legs.Count(l => l.Start <= t) - 1);
        var first = new long[legs.Count];
        var last = new long[legs.Count];
        var counts = new int[legs.Count];
        Array.Fill(first, long.MaxValue);
        await foreach (var chunk in spool.ReadChunksAsync(cancellationToken))
        {
            foreach (var sample in chunk)
            {
                var leg = LegOf(sample.T);
                (first[leg], last[leg], counts[leg]) = (Math.Min(first[leg], sample.T), Math.Max(last[leg], sample.T), counts[leg] + 1);
            }
        }

        var multisportId = idFor($"{spool.First}:multisport");
        var entries = new ActivityEntry?[legs.Count];
        var created = new bool[legs.Count];
        for (var leg = 0; leg < legs.Count; leg++)
        {
            if (counts[leg] == 0)
                continue;
            var id = idFor(first[leg].ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var activityLock = await TelemetryApi.ActivityLocks.AcquireAsync(id, cancellationToken);
            if (directory.Find(id) is not { } existing || existing.AthleteId != athleteId)
            {
                var sport = legs[leg].Sport!.Value;
                await lifecycle.AppendAsync(cancellationToken, new ActivityStarted(id, athleteId, sport, first[leg], $"{name} · {sport.ToName()}",
                    Visibility: visibility, MultisportId: multisportId));
                created[leg] = true;
            }

            entries[leg] = directory.Find(id);
        }

        await foreach (var chunk in spool.ReadChunksAsync(cancellationToken))
        {
            foreach (var part in chunk.GroupBy(s => LegOf(s.T)).Where(g => entries[g.Key] is not null))
                await appender.AppendAsync(entries[part.Key]!, deviceId, kind, [.. part], SampleSource.Import, cancellationToken);
        }

        for (var leg = 0; leg < legs.Count; leg++)
        {
            if (created[leg])
                await lifecycle.AppendAsync(cancellationToken, new ActivityFinished(entries[leg]!.ActivityId, athleteId, last[leg]));
        }

        var imported = Enumerable.Range(0, legs.Count).Where(l => entries[l] is not null)
            .Select(l => new MultisportLeg(entries[l]!.ActivityId, legs[l].Sport!.Value.ToName(), counts[l])).ToList();
        return (new ImportAccepted(imported[0].ActivityId, false, deviceId, counts.Sum(), format, warnings, new Contracts.Api.MultisportImport(multisportId, imported)),
            [.. Enumerable.Range(0, legs.Count).Where(l => created[l]).Select(l => entries[l]!.ActivityId)]);
    }
}
