using System.IO.Compression;
using System.Security.Claims;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Privacy;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.ServiceDefaults.Privacy;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace FitnessDriver.Telemetry.Archives;

/// <summary>
/// <c>POST /v1/imports/archives</c> accepts a ZIP of activity files (a Garmin or Strava export) and answers once it is
/// stored; a job imports it in the background. <c>GET</c> shows progress and each file's outcome; <c>DELETE</c> undoes it.
/// </summary>
public static class ArchiveImportsApi
{
    private const int MaxPageSize = 500;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapArchiveImportsApi(this IEndpointRouteBuilder routes)
    {
        var archives = routes.MapGroup("/v1/imports/archives").RequireAuthorization().WithTags("Imports");
        // No Accepts metadata: routing would answer another content type with a bare 415, without the reason.
        archives.MapPost("", UploadAsync).DisableAntiforgery().Produces<ArchiveImportStatus>(StatusCodes.Status202Accepted);
        archives.MapGet("", async (ClaimsPrincipal user, ArchiveJobs jobs, CancellationToken cancellationToken) =>
            TypedResults.Ok(new ArchiveImportList(await jobs.ListAsync(user.AthleteId(), cancellationToken))));
        archives.MapGet("/{importId}", GetAsync).Produces<ArchiveImportStatus>();
        archives.MapGet("/{importId}/files", FilesAsync).Produces<ArchiveFileList>();
        archives.MapDelete("/{importId}", UndoAsync).Produces<ArchiveImportStatus>(StatusCodes.Status202Accepted);
        return routes;
    }

    private static async Task<IResult> UploadAsync(HttpContext context, ClaimsPrincipal user, ArchiveJobs jobs, ArchiveImportWorker worker, ArchiveImportOptions options,
        EventSealing sealing, string? visibility, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = options.MaxArchiveBytes + 64 * 1024;
        if (request.ContentLength > options.MaxArchiveBytes + 64 * 1024)
            return TooLarge(options);
        var errors = new ValidationErrors();
        var chosen = ActivityRequests.ParseVisibility(visibility, errors);
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid import", errors.ToDictionary());

        var athleteId = user.AthleteId();
        var importId = Guid.NewGuid();
        await jobs.CreateAsync(importId, athleteId, chosen, cancellationToken);
        await using var copy = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        try
        {
            var key = sealing.Enabled ? await sealing.KeyAsync(athleteId, cancellationToken) : null;
            long stored;
            await using (var chunks = jobs.Chunks.OpenWriter(importId, key is null ? null : chunk => Sealed.Seal(key, athleteId, Purposes.ImportArchive, chunk.Span)))
            {
                var problem = await ReceiveAsync(request, [copy, chunks], options, cancellationToken);
                if (problem is not null)
                {
                    await jobs.AbandonAsync(importId, CancellationToken.None);
                    return problem;
                }

                await chunks.CompleteAsync(cancellationToken);
                stored = chunks.Written;
            }

            if (Unreadable(copy) is { } reason)
            {
                await jobs.AbandonAsync(importId, CancellationToken.None);
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "Unreadable archive", reason);
            }

            await jobs.QueueAsync(importId, stored, cancellationToken);
        }
        catch
        {
            await jobs.AbandonAsync(importId, CancellationToken.None);
            throw;
        }

        worker.Wake();
        return TypedResults.Accepted($"/v1/imports/archives/{importId}", await jobs.FindAsync(importId, athleteId, cancellationToken));
    }

    /// <summary>Copies the archive from the body (raw, or the one file of a multipart form) to every target; a problem when it is not there.</summary>
    private static async Task<IResult?> ReceiveAsync(HttpRequest request, Stream[] targets, ArchiveImportOptions options, CancellationToken cancellationToken)
    {
        var body = request.Body;
        if (request.HasFormContentType)
        {
            if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
                return Problems.Create(StatusCodes.Status400BadRequest, "Malformed multipart body", "The multipart body has no boundary.");
            var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
            MultipartSection? section;
            try
            {
                do
                {
                    section = await reader.ReadNextSectionAsync(cancellationToken);
                }
                while (section is not null && section.GetContentDispositionHeader()?.IsFileDisposition() != true);
            }
            catch (InvalidDataException e)
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "Malformed multipart body", e.Message);
            }

            if (section is null)
                return Problems.Create(StatusCodes.Status400BadRequest, "One file expected", "The form has no file: send the archive as its one file field.");
            body = section.Body;
        }
        else if (request.ContentType is not ("application/zip" or "application/x-zip-compressed" or "application/octet-stream"))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the archive as application/zip (the body is the ZIP) or as the one file of multipart/form-data.");
        }

        var buffer = new byte[81920];
        long total = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > options.MaxArchiveBytes)
                    return TooLarge(options);
                foreach (var target in targets)
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (InvalidDataException e)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Malformed multipart body", e.Message);
        }

        return total == 0 ? Problems.Create(StatusCodes.Status422UnprocessableEntity, "Unreadable archive", "The archive is empty.") : null;
    }

    /// <summary>Why the received copy is not a ZIP with at least one file, or null.</summary>
    private static string? Unreadable(FileStream copy)
    {
        copy.Position = 0;
        try
        {
            using var zip = new ZipArchive(copy, ZipArchiveMode.Read, leaveOpen: true);
            var files = zip.Entries.Count(e => e.Name.Length > 0);
            return files switch
            {
                0 => "The ZIP archive holds no files.",
                > ArchiveReader.MaxEntries => $"The archive holds {files:N0} files; at most {ArchiveReader.MaxEntries:N0} are imported at once: split it.",
                _ => null,
            };
        }
        catch (InvalidDataException e)
        {
            return $"It is not a ZIP archive (or it breaks off): {e.Message}";
        }
    }

    private static async Task<IResult> GetAsync(string importId, ClaimsPrincipal user, ArchiveJobs jobs, CancellationToken cancellationToken) =>
        Guid.TryParse(importId, out var id) && await jobs.FindAsync(id, user.AthleteId(), cancellationToken) is { } status
            ? TypedResults.Ok(status)
            : Problems.NotFound("import");

    private static async Task<IResult> FilesAsync(string importId, string? status, string? after, int? limit, ClaimsPrincipal user, ArchiveJobs jobs,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(importId, out var id) || await jobs.FindAsync(id, user.AthleteId(), cancellationToken) is null)
            return Problems.NotFound("import");
        var errors = new ValidationErrors();
        if (limit is < 1 or > MaxPageSize)
            errors.Add("limit", $"must be between 1 and {MaxPageSize}");
        string[] statuses = [ArchiveJobs.FileStatus.Pending, ArchiveJobs.FileStatus.Imported, ArchiveJobs.FileStatus.Merged, ArchiveJobs.FileStatus.Failed, ArchiveJobs.FileStatus.Skipped];
        if (status is not null && !statuses.Contains(status))
            errors.Add("status", $"must be one of {string.Join(", ", statuses)}");
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid query", errors.ToDictionary());
        var page = limit ?? 100;
        var files = await jobs.FilesAsync(id, status, after, page, cancellationToken);
        return TypedResults.Ok(new ArchiveFileList(files, files.Count == page ? files[^1].Entry : null));
    }

    private static async Task<IResult> UndoAsync(string importId, ClaimsPrincipal user, ArchiveJobs jobs, ArchiveImportWorker worker, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(importId, out var id) || await jobs.FindAsync(id, user.AthleteId(), cancellationToken) is not { } before)
            return Problems.NotFound("import");
        if (!await jobs.RequestUndoAsync(id, user.AthleteId(), cancellationToken))
            return Problems.Create(StatusCodes.Status409Conflict, "Already undone", $"The import is {before.Status}.");
        worker.Wake();
        return TypedResults.Accepted($"/v1/imports/archives/{id}", await jobs.FindAsync(id, user.AthleteId(), cancellationToken));
    }

    private static IResult TooLarge(ArchiveImportOptions options) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "Archive too large", $"An archive may be at most {options.MaxArchiveMegabytes} MiB.");
}
