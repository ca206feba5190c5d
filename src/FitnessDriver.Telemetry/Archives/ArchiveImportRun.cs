using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Privacy;
using FitnessDriver.Devices;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.ServiceDefaults.Privacy;

namespace FitnessDriver.Telemetry.Archives;

/// <summary>
/// Runs one claimed archive job: lists the archive's entries (once), then imports the activity files oldest recording
/// first, recording each outcome as it goes, so a job that stopped continues with the next file. One bad file is
/// recorded as failed and the job goes on. An undo deletes every activity the job created.
/// </summary>
public sealed class ArchiveImportRun(ArchiveJobs jobs, ArchiveImportOptions options, ActivityFileImporter importer, ImportNotices notices, ActivityDirectory directory,
    ActivityLookup lookup, ActivityDirectoryFeed feed, LifecycleWriter lifecycle, EventSealing sealing, TimeProvider clock, ILogger<ArchiveImportRun> logger)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);

    /// <summary>Files imported side by side: one is appended while the next ones are read and decoded.</summary>
    private const int SideBySide = 4;

    /// <summary>Runs (or undoes) <paramref name="job"/> until it ends or the athlete asks to undo it.</summary>
    public async Task RunAsync(ArchiveJobs.Claimed job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await feed.WhenReadyAsync(cancellationToken);
        await feed.CatchUpAsync(TimeSpan.FromSeconds(10), cancellationToken);
        if (job.Status == "undoing")
        {
            await UndoAsync(job, cancellationToken);
            return;
        }

        var work = Directory.CreateTempSubdirectory("fd-archive-");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keeping = KeepLeaseAsync(job.ImportId, stop.Token);
        try
        {
            var path = Path.Combine(work.FullName, "archive.zip");
            await MaterializeAsync(job, path, cancellationToken);
            using var archive = ArchiveReader.Open(path, work.FullName);
            var details = new Dictionary<string, StravaActivities.Details>(StringComparer.Ordinal);
            var entries = archive.Entries().ToList();
            foreach (var list in entries.Where(e => StravaActivities.IsList(e.Path)))
            {
                await using var csv = archive.Open(list.Path, ImportsApi.MaxFileBytes);
                StravaActivities.Read(csv, list.Path, details);
            }

            if (!job.Listed)
                await ListAsync(job, archive, entries, cancellationToken);
            if (!await ImportPendingAsync(job, archive, details, work.FullName, cancellationToken))
                return;
            await EndAsync(job, "finished", null, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            logger.LogWarning("Archive import {ImportId} cannot read its archive: {Reason}", job.ImportId, e.Message);
            await EndAsync(job, "failed", $"The archive cannot be read: {e.Message}", cancellationToken);
        }
        finally
        {
            await stop.CancelAsync();
            await keeping;
            work.Delete(recursive: true);
        }
    }

    /// <summary>Renews the job's lease while it runs, also through a long listing or a file that takes longer than the lease.</summary>
    private async Task KeepLeaseAsync(Guid importId, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.LeaseSeconds / 3.0));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await jobs.RenewAsync(importId, cancellationToken);
                }
                catch (Exception e) when (Postgres.PostgresErrors.IsTransient(e))
                {
                    logger.LogWarning("Cannot renew the lease of archive import {ImportId}: {Reason}", importId, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The job ended.
        }
    }

    private async Task MaterializeAsync(ArchiveJobs.Claimed job, string path, CancellationToken cancellationToken)
    {
        var key = sealing.Enabled ? await sealing.KeyAsync(job.AthleteId, cancellationToken) : null;
        await using var file = File.Create(path);
        await jobs.Chunks.CopyToAsync(job.ImportId, file, cancellationToken,
            chunk => Sealed.IsSealed(chunk) ? Sealed.Open(key ?? throw new InvalidDataException("the athlete's key is gone"), Purposes.ImportArchive, chunk) : chunk);
    }

    private async Task ListAsync(ArchiveJobs.Claimed job, ArchiveReader archive, List<ArchiveReader.Entry> entries, CancellationToken cancellationToken)
    {
        var listed = new List<ArchiveJobs.ListedEntry>();
        foreach (var entry in entries)
        {
            listed.Add(entry.SkipReason is { } reason ? new(entry.Path, ArchiveJobs.FileStatus.Skipped, null, reason) : await PeekAsync(archive, entry, cancellationToken));
            if (listed.Count == 500)
            {
                await jobs.AddEntriesAsync(job.ImportId, listed, cancellationToken);
                listed.Clear();
            }
        }

        await jobs.AddEntriesAsync(job.ImportId, listed, cancellationToken);
        await jobs.SetListedAsync(job.ImportId, cancellationToken);
        if (await jobs.FindAsync(job.ImportId, job.AthleteId, cancellationToken) is { } status)
            await notices.ProgressAsync(job.AthleteId, status, cancellationToken);
    }

    /// <summary>The time of a file's first sample (to import in time order), or why it is not an activity. Reads only its start.</summary>
    private static async Task<ArchiveJobs.ListedEntry> PeekAsync(ArchiveReader archive, ArchiveReader.Entry entry, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = await CopyAsync(archive, entry.Path, Path.GetTempPath(), cancellationToken);
            var reading = ActivityFileDecoder.Read(file);
            if (reading.Samples.FirstOrDefault() is { } first)
                return new(entry.Path, ArchiveJobs.FileStatus.Pending, first.T, null);
            return reading.Summary.FitFileType is { } type and not FitFileTypes.Activity
                ? new(entry.Path, ArchiveJobs.FileStatus.Skipped, null, FitFileTypes.SkipReason(type))
                : new(entry.Path, ArchiveJobs.FileStatus.Pending, null, null);
        }
        catch (Exception e) when (IsTheFilesFault(e))
        {
            // Imported last; the import records why it fails (or what it recovers).
            return new(entry.Path, ArchiveJobs.FileStatus.Pending, null, null);
        }
    }

    /// <summary>
    /// Imports the pending files, a few side by side (each one appended in turn, oldest first) and records each
    /// outcome in order; false when the job stopped (undone or gone) before the end.
    /// </summary>
    private async Task<bool> ImportPendingAsync(ArchiveJobs.Claimed job, ArchiveReader archive, Dictionary<string, StravaActivities.Details> details, string work,
        CancellationToken cancellationToken)
    {
        var reported = clock.GetUtcNow();
        var turns = new FileTurns();
        var inFlight = new Queue<Task<(ArchiveFileResult Result, IReadOnlyList<Guid> Created)>>();
        var pending = await jobs.PendingAsync(job.ImportId, cancellationToken);
        try
        {
            for (var turn = 0; turn < pending.Count; turn++)
            {
                var status = await jobs.RenewAsync(job.ImportId, cancellationToken);
                if (status != "running")
                {
                    await RecordAsync(job, inFlight, 0, cancellationToken);
                    if (status == "undoing")
                        await UndoAsync(job, cancellationToken);
                    return false;
                }

                var entry = pending[turn];
                var (file, unreadable) = await ExtractAsync(archive, entry, work, cancellationToken);
                var mine = turn;
                inFlight.Enqueue(file is null
                    ? Task.FromResult<(ArchiveFileResult, IReadOnlyList<Guid>)>((Failed(entry, unreadable!), []))
                    : Task.Run(() => ImportAsync(job, file, entry, details.GetValueOrDefault(entry), turns, mine, cancellationToken), cancellationToken));
                if (file is null)
                    turns.Leave(turn);
                await RecordAsync(job, inFlight, SideBySide - 1, cancellationToken);
                if (clock.GetUtcNow() - reported >= ProgressEvery && await jobs.FindAsync(job.ImportId, job.AthleteId, cancellationToken) is { } progress)
                {
                    await notices.ProgressAsync(job.AthleteId, progress, cancellationToken);
                    reported = clock.GetUtcNow();
                }
            }

            await RecordAsync(job, inFlight, 0, cancellationToken);
            return true;
        }
        finally
        {
            // On a failure, let the files still running end before the work directory goes.
            await Task.WhenAll(inFlight.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    /// <summary>Records the oldest files' outcomes, in order, until at most <paramref name="leave"/> are in flight.</summary>
    private async Task RecordAsync(ArchiveJobs.Claimed job, Queue<Task<(ArchiveFileResult Result, IReadOnlyList<Guid> Created)>> inFlight, int leave,
        CancellationToken cancellationToken)
    {
        while (inFlight.Count > leave)
        {
            var (result, created) = await inFlight.Peek();
            _ = inFlight.Dequeue();
            await jobs.RecordAsync(job.ImportId, result, created, cancellationToken);
        }
    }

    private async Task<(ArchiveFileResult Result, IReadOnlyList<Guid> Created)> ImportAsync(ArchiveJobs.Claimed job, FileStream file, string entry,
        StravaActivities.Details? details, FileTurns turns, int turn, CancellationToken cancellationToken)
    {
        FileImportOutcome outcome;
        await using (file)
        {
            try
            {
                var name = TextFields.Clean(details?.Name, "name", ActivityRequests.MaxNameLength, new ValidationErrors());
                var fileName = TextFields.Clean(FileNameOf(entry), "file", ActivityRequests.MaxNameLength, new ValidationErrors());
                outcome = await importer.ImportAsync(file, new FileImport(job.AthleteId, details?.Sport, name, fileName, job.Visibility, job.ImportId,
                    ct => turns.EnterAsync(turn, ct)), cancellationToken);
            }
            catch (Exception e) when (IsTheFilesFault(e))
            {
                // A file no decoder rule foresaw must not stop the job, nor bring it back after every restart.
                logger.LogError(e, "Archive import {ImportId} could not import {Entry}", job.ImportId, entry);
                return (Failed(entry, $"The file could not be imported ({e.GetType().Name}); it has been reported."), []);
            }
            finally
            {
                turns.Leave(turn);
            }
        }

        if (outcome.Accepted is not { } accepted)
        {
            return outcome.FitFileType is { } type and not FitFileTypes.Activity
                ? (new ArchiveFileResult(entry, ArchiveJobs.FileStatus.Skipped, FitFileTypes.SkipReason(type), [], 0), [])
                : (Failed(entry, outcome.Refusal!), []);
        }

        IReadOnlyList<Guid> activities = accepted.Multisport is { } multisport ? [.. multisport.Legs.Select(l => l.ActivityId)] : [accepted.ActivityId];
        var status = outcome.Created.Count > 0 ? ArchiveJobs.FileStatus.Imported : ArchiveJobs.FileStatus.Merged;
        var reason = accepted.Warnings is { Count: > 0 } warnings ? string.Join(" ", warnings) : null;
        return (new ArchiveFileResult(entry, status, reason, activities, accepted.Samples), outcome.Created);
    }

    /// <summary>Whether a failure belongs to the file, not to the log, the database or a stop: those come back, the file's does not.</summary>
    private static bool IsTheFilesFault(Exception e) =>
        e is not (OperationCanceledException or EventLog.EventLogUnavailableException or Hosting.RetryLaterException or AthleteErasedException)
        && !Postgres.PostgresErrors.IsTransient(e);

    private static ArchiveFileResult Failed(string entry, string reason) => new(entry, ArchiveJobs.FileStatus.Failed, reason, [], 0);

    /// <summary>An entry's content in a temporary file (the archive is read one entry at a time), or why it cannot be extracted.</summary>
    private static async Task<(FileStream? File, string? Unreadable)> ExtractAsync(ArchiveReader archive, string entry, string work, CancellationToken cancellationToken)
    {
        try
        {
            return (await CopyAsync(archive, entry, work, cancellationToken), null);
        }
        catch (InvalidDataException e)
        {
            return (null, $"The file cannot be extracted: {e.Message}.");
        }
    }

    private async Task UndoAsync(ArchiveJobs.Claimed job, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await lookup.LoadAthleteAsync(job.AthleteId, cancellationToken);
        foreach (var id in await jobs.CreatedAsync(job.ImportId, cancellationToken))
        {
            if (await lookup.FindOwnedAsync(id, job.AthleteId, cancellationToken) is not { } activity)
                continue;
            deleted += (await ActivityDeletions.DeleteAsync(await lookup.FindAsync(activity.CanonicalId, cancellationToken) ?? activity, directory, lifecycle, clock,
                cancellationToken)).Count;
        }

        logger.LogInformation("Archive import {ImportId} undone: {Deleted} activities deleted", job.ImportId, deleted);
        await EndAsync(job, "undone", null, cancellationToken);
    }

    private async Task EndAsync(ArchiveJobs.Claimed job, string status, string? error, CancellationToken cancellationToken)
    {
        await jobs.EndAsync(job.ImportId, status, error, cancellationToken);
        if (await jobs.FindAsync(job.ImportId, job.AthleteId, cancellationToken) is { } ended)
        {
            await notices.EndedAsync(job.AthleteId, ended, cancellationToken);
            logger.LogInformation("Archive import {ImportId} {Status}: {Imported} imported, {Merged} merged, {Failed} failed, {Skipped} skipped", job.ImportId, status,
                ended.Files.Imported, ended.Files.Merged, ended.Files.Failed, ended.Files.Skipped);
        }
    }

    /// <summary>An entry's content in a temporary file that deletes itself, for the decoder (which needs to seek).</summary>
    private static async Task<FileStream> CopyAsync(ArchiveReader archive, string entry, string directory, CancellationToken cancellationToken)
    {
        var file = new FileStream(Path.Combine(directory, Path.GetRandomFileName()), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose);
        try
        {
            await using (var source = archive.Open(entry, ImportsApi.MaxFileBytes))
                await source.CopyToAsync(file, cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static string FileNameOf(string entry)
    {
        var name = entry[(entry.LastIndexOf('/') + 1)..];
        foreach (var extension in new[] { ".gz", ".fit", ".gpx", ".tcx" })
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                name = name[..^extension.Length];
        }

        return name.Length > ActivityRequests.MaxNameLength ? name[..ActivityRequests.MaxNameLength] : name;
    }
}
