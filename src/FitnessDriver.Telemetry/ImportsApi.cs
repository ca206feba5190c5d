using System.Security.Claims;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Activities;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices;
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

    private static readonly Guid ImportNamespace = new("8d3f6c2e-1b7a-4f0e-9a55-0c6e2d9b7f41");

    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/imports", ImportAsync).RequireAuthorization().DisableAntiforgery().WithTags("Imports")
            .Accepts<IFormFile>("multipart/form-data").Produces<ImportAccepted>(StatusCodes.Status202Accepted);
        return routes;
    }

    private static async Task<IResult> ImportAsync(HttpContext context, ClaimsPrincipal user, ActivityDirectory directory,
        ActivityDirectoryFeed feed, LifecycleWriter lifecycle, SampleAppender appender, TimeProvider clock, CancellationToken cancellationToken)
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

        var latest = (clock.GetUtcNow() + SampleValidation.MaxFutureSkew).ToUnixTimeMilliseconds();
        ActivityFileReading reading;
        ImportSpool? spool = null;
        try
        {
            reading = ActivityFileDecoder.Read(stream);
            spool = await ImportSpool.WriteAsync(reading.Samples, latest, cancellationToken);
        }
        catch (DeviceDecodeException e)
        {
            return Unreadable(e.Message);
        }

        await using var _ = spool;
        if (spool.Count == 0)
            return Unreadable(NothingToImport(reading.Warnings));

        var summary = reading.Summary;
        var athleteId = user.AthleteId();
        var sport = sportOverride ?? summary.Sport ?? Sport.Other;
        var deviceId = DeviceIdFor(summary.Device);
        var kind = reading.Format == ActivityFileFormat.Fit ? (sport == Sport.Ride ? DeviceKinds.BikeComputer : DeviceKinds.Watch) : null;
        var newId = NameBasedGuid.Create(ImportNamespace, $"{athleteId}:{deviceId}:{spool.First}");

        await feed.WhenReadyAsync(cancellationToken);
        await feed.CatchUpAsync(TimeSpan.FromSeconds(3), cancellationToken);
        var warnings = reading.Warnings.Messages is { Count: > 0 } found ? found : null;
        var format = reading.Format.ToString().ToLowerInvariant();
        if (MultisportFiles.Legs(summary) is { Count: > 0 } legs)
        {
            var multisport = await MultisportFiles.ImportAsync(legs, spool, athleteId, deviceId, DeviceKinds.Watch, name ?? fileName ?? "Multisport",
                visibility ?? Visibility.Everyone, key => NameBasedGuid.Create(ImportNamespace, $"{athleteId}:{deviceId}:{key}"), directory, lifecycle, appender,
                format, warnings, cancellationToken);
            return TypedResults.Accepted($"/v1/activities/{multisport.ActivityId}", multisport);
        }

        using var activityLock = await TelemetryApi.ActivityLocks.AcquireAsync(newId, cancellationToken);
        var target = directory.Find(newId) is { } again && again.AthleteId == athleteId
            ? again
            : DuplicateDetector.ForRecording(directory.OwnActivitiesOf(athleteId), sportOverride ?? summary.Sport, spool.First, spool.Last, clock.GetUtcNow().ToUnixTimeMilliseconds());
        var created = target is null;
        if (created)
        {
            // A start the file states before its first sample counts, unless it is not a plausible time at all.
            var startedAt = summary.StartTime is { } stated && stated >= SampleValidation.EarliestTime ? Math.Min(stated, spool.First) : spool.First;
            await lifecycle.AppendAsync(cancellationToken, new ActivityStarted(newId, athleteId, sport, startedAt, name ?? fileName,
                Visibility: visibility ?? Visibility.Everyone));
            target = directory.Find(newId)!;
        }

        var imported = 0;
        await foreach (var chunk in spool.ReadChunksAsync(cancellationToken))
            imported += await appender.AppendAsync(target!, deviceId, kind, chunk, SampleSource.Import, cancellationToken);
        if (created)
            await lifecycle.AppendAsync(cancellationToken, new ActivityFinished(newId, athleteId, spool.Last));

        return TypedResults.Accepted($"/v1/activities/{target!.CanonicalId}",
            new ImportAccepted(target.CanonicalId, !created && target.ActivityId != newId, deviceId, imported, format, warnings));
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

    private static IResult Unreadable(string detail) =>
        Problems.Create(StatusCodes.Status422UnprocessableEntity, "Unreadable activity file", detail);

    private static IResult TooLarge() =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "File too large", $"An activity file may be at most {MaxFileBytes / (1024 * 1024)} MiB.");
}
