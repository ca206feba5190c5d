namespace FitnessDriver.Contracts.Api;

/// <summary>An archive import job, as <c>POST</c> and <c>GET /v1/imports/archives/{importId}</c> show it.</summary>
/// <param name="ImportId">The job.</param>
/// <param name="Status"><c>queued</c>, <c>running</c>, <c>finished</c>, <c>failed</c>, <c>undoing</c> or <c>undone</c>.</param>
/// <param name="CreatedAt">When the archive was accepted (ISO 8601).</param>
/// <param name="FinishedAt">When it finished, failed or was undone.</param>
/// <param name="ArchiveBytes">The archive's size.</param>
/// <param name="Files">Counts of the archive's files by outcome so far.</param>
/// <param name="Samples">Samples imported so far.</param>
/// <param name="EtaSeconds">Estimated seconds left while running, once a few files are done.</param>
/// <param name="Error">Why it failed.</param>
public sealed record ArchiveImportStatus(Guid ImportId, string Status, string CreatedAt, string? FinishedAt, long ArchiveBytes, ArchiveFileCounts Files, long Samples,
    double? EtaSeconds = null, string? Error = null);

/// <summary>An archive's files by outcome.</summary>
/// <param name="Total">Activity files found (null until the archive has been listed).</param>
/// <param name="Done">Activity files finished: imported, merged or failed.</param>
/// <param name="Imported">Files that became new activities.</param>
/// <param name="Merged">Files whose samples joined an activity that existed (another device's recording, or the same file imported before).</param>
/// <param name="Failed">Activity files that could not be read.</param>
/// <param name="Skipped">Entries that are not activities (monitoring, settings, sleep, images, JSON, …).</param>
public sealed record ArchiveFileCounts(int? Total, int Done, int Imported, int Merged, int Failed, int Skipped);

/// <summary>One entry of an archive and what became of it.</summary>
/// <param name="Entry">Its path in the archive (<c>outer.zip!/inner.fit</c> inside a nested archive).</param>
/// <param name="Status"><c>pending</c>, <c>imported</c>, <c>merged</c>, <c>failed</c> or <c>skipped</c>.</param>
/// <param name="Reason">Why it failed or was skipped; what was left out of a file read in part.</param>
/// <param name="ActivityIds">The activities its samples went to.</param>
/// <param name="Samples">Samples imported from it.</param>
public sealed record ArchiveFileResult(string Entry, string Status, string? Reason, IReadOnlyList<Guid> ActivityIds, int Samples);

/// <summary><c>GET /v1/imports/archives/{importId}/files</c>: a page of entries in path order, and the cursor for the next one.</summary>
public sealed record ArchiveFileList(IReadOnlyList<ArchiveFileResult> Items, string? Cursor);

/// <summary><c>GET /v1/imports/archives</c>: the athlete's archive imports, newest first.</summary>
public sealed record ArchiveImportList(IReadOnlyList<ArchiveImportStatus> Items);
