using System.Security.Claims;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.ServiceDefaults;
using Microsoft.AspNetCore.Http.Features;

namespace FitnessDriver.Telemetry;

/// <summary>
/// <c>POST /v1/imports</c>: one FIT, TCX or GPX file (multipart) becomes an activity, or joins the activity another
/// device recorded of the same workout. Its samples go through the same log and consumers as live data.
/// </summary>
public static class ImportsApi
{
    /// <summary>Largest accepted file.</summary>
    public const long MaxFileBytes = 128L * 1024 * 1024;

    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/imports", ImportAsync).RequireAuthorization().DisableAntiforgery().WithTags("Imports")
            .Accepts<IFormFile>("multipart/form-data").Produces<ImportAccepted>(StatusCodes.Status202Accepted);
        return routes;
    }

    private static async Task<IResult> ImportAsync(HttpContext context, ClaimsPrincipal user, ActivityFileImporter importer, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!request.HasFormContentType)
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the file as multipart/form-data.");
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxFileBytes + 64 * 1024;
        if (request.ContentLength > MaxFileBytes + 64 * 1024)
            return TooLarge();

        IFormCollection form;
        try
        {
            // The request body limit above bounds the upload (413 through the exception handler); the form reader
            // must not stop earlier with a limit of its own, so what it reports is a malformed body.
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = long.MaxValue, ValueCountLimit = 16 }, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Malformed multipart body", e.Message);
        }

        if (form.Files.Count != 1)
            return Problems.Validation(StatusCodes.Status400BadRequest, "One file expected", new Dictionary<string, string[]> { ["file"] = [$"send exactly one file; this request has {form.Files.Count}"] });
        var errors = new ValidationErrors();
        Sport? sportOverride = form.TryGetValue("sport", out var sportText) ? ActivityRequests.ParseSport(sportText, errors) : null;
        var name = TextFields.Clean(form.TryGetValue("name", out var nameText) ? nameText.ToString() : null, "name", ActivityRequests.MaxNameLength, errors);
        var visibility = ActivityRequests.ParseVisibility(form.TryGetValue("visibility", out var visibilityText) ? visibilityText.ToString() : null, errors);
        // The file's name names the activity when no name is given; an over-long one is cut, not refused.
        var fileName = TextFields.Clean(Path.GetFileNameWithoutExtension(form.Files[0].FileName), "file", int.MaxValue, errors);
        if (fileName?.Length > ActivityRequests.MaxNameLength)
            fileName = fileName[..ActivityRequests.MaxNameLength];
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid import", errors.ToDictionary());

        var file = form.Files[0];
        if (file.Length == 0)
            return Unreadable("The file is empty.");
        await using var stream = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        await file.CopyToAsync(stream, cancellationToken);
        stream.Position = 0;

        var outcome = await importer.ImportAsync(stream, new FileImport(user.AthleteId(), sportOverride, name, fileName, visibility), cancellationToken);
        return outcome.Accepted is { } accepted
            ? TypedResults.Accepted($"/v1/activities/{accepted.ActivityId}", accepted)
            : Unreadable(outcome.Refusal!);
    }

    private static IResult Unreadable(string detail) =>
        Problems.Create(StatusCodes.Status422UnprocessableEntity, "Unreadable activity file", detail);

    private static IResult TooLarge() =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "File too large", $"An activity file may be at most {MaxFileBytes / (1024 * 1024)} MiB.");
}
