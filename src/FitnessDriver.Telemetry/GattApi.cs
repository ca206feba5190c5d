using System.Security.Claims;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Telemetry;

/// <summary>
/// <c>POST /v1/activities/{activityId}/gatt</c>: a device gateway sends raw Bluetooth characteristic notifications
/// (base64) and the server decodes them into samples, which then take the same path as any sample batch.
/// </summary>
public static class GattApi
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapGattApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/activities/{activityId}/gatt", PostAsync).RequireAuthorization().WithTags("Activities")
            .Produces<AcceptedResponse>(StatusCodes.Status202Accepted);
        return routes;
    }

    private static async Task<IResult> PostAsync(string activityId, HttpRequest request, ClaimsPrincipal user,
        ActivityLookup lookup, SampleAppender appender, SampleWindow window, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!ActivityRequests.TryParseId(activityId, out var id, out var idErrors))
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid activity id", idErrors.ToDictionary());
        var body = await JsonBody.ReadAsync<GattBatchRequest>(request);
        if (!body.Succeeded)
            return body.Problem!;
        var batch = body.Value!;
        var notifications = batch.Notifications ?? [];
        if (notifications.Count > SampleValidation.MaxSamples)
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "Too many notifications", $"A request may carry at most {SampleValidation.MaxSamples} notifications.");

        var errors = SampleValidation.Validate(new SampleBatchRequest(batch.DeviceId, [new Sample(1)], batch.DeviceKind), clock.GetUtcNow());
        if (notifications.Count == 0)
            errors.Add("notifications", "must contain at least one notification");
        if (batch.WheelCircumferenceMm is < 500 or > 3500)
            errors.Add("wheelCircumferenceMm", "must be between 500 and 3500");
        var samples = GattSamples.Assemble(notifications, batch.WheelCircumferenceMm, errors);
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid notifications", errors.ToDictionary());

        if (await lookup.FindOwnedAsync(id, user.AthleteId(), cancellationToken) is not { } activity)
            return Problems.NotFound("activity");
        window.Check(activity, notifications.Select((n, i) => ($"notifications[{i}].t", n.T)), errors);
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid notifications", errors.ToDictionary());
        var latest = (clock.GetUtcNow() + SampleValidation.MaxFutureSkew).ToUnixTimeMilliseconds();
        var cleaned = samples.Select(s => ImportedSamples.Clean(s, latest)).OfType<Sample>().ToList();
        var accepted = cleaned.Count == 0 ? 0
            : await appender.AppendAsync(activity, batch.DeviceId!, batch.DeviceKind, cleaned, SampleSource.Live, cancellationToken);
        return TypedResults.Accepted((string?)null, new AcceptedResponse(accepted));
    }
}
