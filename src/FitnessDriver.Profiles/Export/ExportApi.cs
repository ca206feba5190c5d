using System.Security.Claims;
using FitnessDriver.Contracts.Api;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Profiles.Export;

/// <summary>
/// <c>POST /v1/me/export</c> starts an export of everything the platform holds of the athlete (GDPR art. 15, 20);
/// <c>GET /v1/me/export/{exportId}</c> shows its progress; <c>GET /v1/me/export/{exportId}/archive</c> downloads the ZIP.
/// </summary>
public static class ExportApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder routes)
    {
        var export = routes.MapGroup("/v1/me/export").RequireAuthorization().WithTags("Privacy");
        export.MapPost("", StartAsync).Produces<ExportStatus>(StatusCodes.Status202Accepted);
        export.MapGet("/{exportId}", GetAsync).Produces<ExportStatus>();
        export.MapGet("/{exportId}/archive", DownloadAsync).Produces(StatusCodes.Status200OK, contentType: "application/zip");
        return routes;
    }

    private static async Task<IResult> StartAsync(ClaimsPrincipal user, ExportJobs jobs, ExportWorker worker, AuditLog audit, CancellationToken cancellationToken)
    {
        var athleteId = user.AthleteId();
        var status = await jobs.StartAsync(athleteId, cancellationToken);
        audit.ExportRequested(athleteId, status.ExportId);
        worker.Wake();
        return TypedResults.Accepted($"/v1/me/export/{status.ExportId}", status);
    }

    private static async Task<IResult> GetAsync(string exportId, ClaimsPrincipal user, ExportJobs jobs, CancellationToken cancellationToken) =>
        Guid.TryParse(exportId, out var id) && await jobs.FindAsync(user.AthleteId(), id, cancellationToken) is { } status
            ? TypedResults.Ok(status)
            : Problems.NotFound("export");

    private static async Task<IResult> DownloadAsync(string exportId, ClaimsPrincipal user, ExportJobs jobs, ProfileRegions regions, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(exportId, out var id) || await jobs.FindAsync(user.AthleteId(), id, cancellationToken) is not { } status)
            return Problems.NotFound("export");
        if (status.Status != "done" || status.ArchiveBytes is null)
            return Problems.Create(StatusCodes.Status409Conflict, "Export not ready", $"The export is {status.Status}; download it once it is done.");
        var database = regions.Of(user.AthleteId());
        return TypedResults.Stream(body => ExportJobs.Chunks(database).CopyToAsync(id, body, cancellationToken), "application/zip",
            $"fitness-driver-export-{status.RequestedAt[..10]}.zip");
    }
}
