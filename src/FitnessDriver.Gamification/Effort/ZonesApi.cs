using System.Security.Claims;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Gamification.Rules;
using FitnessDriver.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace FitnessDriver.Gamification.Effort;

/// <summary><c>GET</c>/<c>PUT /v1/me/zones</c>: the zones effort XP is counted in.</summary>
public static class ZonesApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapZonesApi(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/v1/me").RequireAuthorization().WithTags("Progress");
        me.MapGet("/zones", GetAsync).Produces<ZonesView>();
        me.MapPut("/zones", PutAsync).Produces<ZonesView>();
        return routes;
    }

    private static async Task<IResult> GetAsync(ClaimsPrincipal user, GamificationDatabase database, IOptions<GamificationOptions> options, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ViewAsync(database, user.AthleteId(), options.Value.Effort, cancellationToken));

    private static async Task<IResult> PutAsync(HttpRequest request, ClaimsPrincipal user, GamificationDatabase database, IOptions<GamificationOptions> options,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ZoneSettings>(request);
        if (!body.Succeeded)
            return body.Problem!;
        var errors = new ValidationErrors();
        if (body.Value!.MaxHr is < 100 or > 230)
            errors.Add("maxHr", "must be null (estimated) or between 100 and 230 bpm");
        if (body.Value.FtpWatts is < 30 or > 700)
            errors.Add("ftpWatts", "must be null (estimated) or between 30 and 700 W");
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid zones", errors.ToDictionary());
        await using (var connection = await database.DataSource.OpenConnectionAsync(cancellationToken))
            await ZoneStore.SetAsync(connection, user.AthleteId(), body.Value.MaxHr, body.Value.FtpWatts, cancellationToken);
        return TypedResults.Ok(await ViewAsync(database, user.AthleteId(), options.Value.Effort, cancellationToken));
    }

    private static async Task<ZonesView> ViewAsync(GamificationDatabase database, Guid athleteId, EffortOptions options, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var zones = (await ZoneStore.FindAsync(connection, null, [athleteId], options, cancellationToken))[athleteId];
        return new ZonesView(zones.MaxHr, zones.MaxHrSource, zones.FtpWatts, zones.FtpSource, zones.HeartRateBounds, zones.PowerBounds, options.Rates);
    }
}
