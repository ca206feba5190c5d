using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Activities;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices;

namespace FitnessDriver.Telemetry;

/// <summary>What to import a file as.</summary>
/// <param name="AthleteId">The owner.</param>
/// <param name="Sport">Overrides the file's sport.</param>
/// <param name="Name">The activity's name; else <paramref name="FileName"/>.</param>
/// <param name="FileName">The file's name without extension.</param>
/// <param name="Visibility">Who else may see it; everyone by default.</param>
/// <param name="Batch">The archive import the file belongs to: its activities' ids are its own, so it can be undone.</param>
/// <param name="Turn">When files are imported side by side: waits for this file's turn to find or create its activity (disposing passes it).</param>
public sealed record FileImport(Guid AthleteId, Sport? Sport, string? Name, string? FileName, Visibility? Visibility, Guid? Batch = null,
    Func<CancellationToken, Task<IDisposable>>? Turn = null);

/// <summary>The outcome of importing one file: accepted (and the activities it created) or refused with the reason.</summary>
public sealed record FileImportOutcome(ImportAccepted? Accepted, IReadOnlyList<Guid> Created, string? Refusal, int? FitFileType = null);

/// <summary>
/// One FIT, TCX or GPX file becomes an activity, or joins the activity another device recorded of the same workout. Its
/// samples go through the same log and consumers as live data. Used by single-file imports and archive imports.
/// </summary>
public sealed class ActivityFileImporter(ActivityDirectory directory, ActivityLookup lookup, ActivityDirectoryFeed feed, LifecycleWriter lifecycle, SampleAppender appender, TimeProvider clock)
{
    private static readonly Guid ImportNamespace = new("8d3f6c2e-1b7a-4f0e-9a55-0c6e2d9b7f41");

    /// <summary>Decodes <paramref name="file"/> (seekable) and appends its activity and samples.</summary>
    public async Task<FileImportOutcome> ImportAsync(Stream file, FileImport import, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(import);
        var latest = (clock.GetUtcNow() + SampleValidation.MaxFutureSkew).ToUnixTimeMilliseconds();
        ActivityFileReading reading;
        ImportSpool spool;
        try
        {
            reading = ActivityFileDecoder.Read(file);
            spool = await ImportSpool.WriteAsync(reading.Samples, latest, cancellationToken);
        }
        catch (DeviceDecodeException e)
        {
            return new FileImportOutcome(null, [], e.Message);
        }

        await using var _ = spool;
        if (reading.Summary.FitFileType is { } type and not Archives.FitFileTypes.Activity)
            return new FileImportOutcome(null, [], $"The file is {Archives.FitFileTypes.SkipReason(type)}.", type);
        if (spool.Count == 0)
            return new FileImportOutcome(null, [], NothingToImport(reading.Warnings));

        var summary = reading.Summary;
        var athleteId = import.AthleteId;
        var sport = import.Sport ?? summary.Sport ?? Sport.Other;
        var deviceId = DeviceIdFor(summary.Device);
        var kind = reading.Format == ActivityFileFormat.Fit ? (sport == Sport.Ride ? DeviceKinds.BikeComputer : DeviceKinds.Watch) : null;
        var batch = import.Batch is { } b ? $":{b}" : "";
        Guid IdFor(string key) => directory.UnusedId(n => NameBasedGuid.Create(ImportNamespace, $"{athleteId}:{deviceId}:{key}{batch}" + (n == 0 ? "" : $":{n}")));
        await lookup.LoadAthleteAsync(athleteId, cancellationToken);
        var newId = IdFor(spool.First.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await feed.WhenReadyAsync(cancellationToken);
        // An archive job caught up once when it started; its own writes reach the directory as it makes them.
        if (import.Batch is null)
            await feed.CatchUpAsync(TimeSpan.FromSeconds(3), cancellationToken);
        var warnings = reading.Warnings.Messages is { Count: > 0 } found ? found : null;
        var format = reading.Format.ToString().ToLowerInvariant();
        var visibility = import.Visibility ?? Visibility.Everyone;
        var name = import.Name ?? import.FileName;
        using var turn = import.Turn is { } waitForTurn ? await waitForTurn(cancellationToken) : null;
        if (MultisportFiles.Legs(summary) is { Count: > 0 } legs)
        {
            var multisport = await MultisportFiles.ImportAsync(legs, spool, new MultisportFiles.Target(athleteId, deviceId, DeviceKinds.Watch, name ?? "Multisport", visibility, IdFor),
                directory, lifecycle, appender, format, warnings, cancellationToken);
            return new FileImportOutcome(multisport.Accepted, import.Batch is null ? multisport.Created : [.. multisport.Accepted.Multisport!.Legs.Select(l => l.ActivityId)], null);
        }

        using var activityLock = await TelemetryApi.ActivityLocks.AcquireAsync(newId, cancellationToken);
        var again = directory.Find(newId) is { } existing && existing.AthleteId == athleteId ? existing : null;
        var target = again ?? DuplicateDetector.ForRecording(directory.OwnActivitiesOf(athleteId), import.Sport ?? summary.Sport, spool.First, spool.Last,
            clock.GetUtcNow().ToUnixTimeMilliseconds());
        var created = target is null;
        async Task<int> AppendSamplesAsync(ActivityEntry activity)
        {
            var appended = 0;
            await foreach (var chunk in spool.ReadChunksAsync(cancellationToken))
                appended += await appender.AppendAsync(activity, deviceId, kind, chunk, SampleSource.Import, cancellationToken);
            return appended;
        }

        int imported;
        if (created)
        {
            // A start the file states before its first sample counts, unless it is not a plausible time at all.
            var startedAt = summary.StartTime is { } stated && stated >= SampleValidation.EarliestTime ? Math.Min(stated, spool.First) : spool.First;
            var activity = new ActivityEntry(newId, athleteId, sport, startedAt, name, spool.Last, Visibility: visibility);
            // Finished as soon as it is created (the next file's duplicate check must not take it for a recording still
            // open); its samples go to their topic meanwhile.
            var creating = lifecycle.AppendAsync(cancellationToken, new ActivityStarted(newId, athleteId, sport, startedAt, name, Visibility: visibility),
                new ActivityFinished(newId, athleteId, spool.Last));
            var appending = AppendSamplesAsync(activity);
            await Task.WhenAll(creating, appending);
            (imported, target) = (await appending, directory.Find(newId) ?? activity);
        }
        else
        {
            imported = await AppendSamplesAsync(target!);
        }

        // Side by side with other files, the turn lasts until the samples are appended: history reaches the log in time order.
        turn?.Dispose();

        // An id scoped to a batch was made by that batch, also when a run of it stopped before it could say so.
        var ours = created || (import.Batch is not null && again is not null);
        return new FileImportOutcome(new ImportAccepted(target!.CanonicalId, !created && target.ActivityId != newId, deviceId, imported, format, warnings),
            ours ? [newId] : [], null);
    }

    private static string NothingToImport(DecodeWarnings warnings) => warnings switch
    {
        { UntimedPoints: > 0 } => $"None of the file's {warnings.UntimedPoints:N0} track points has a time: it describes a path, not a recording.",
        { RoutePoints: > 0 } => $"The file is a route (a planned course of {warnings.RoutePoints:N0} points), not a recorded activity: it has no track with times.",
        _ => "The file has no samples with a time and a value.",
    };

    private static string DeviceIdFor(DeviceIdentity device)
    {
        var id = device.StableId;
        return id.Length <= 128 ? id : id[..128];
    }
}
