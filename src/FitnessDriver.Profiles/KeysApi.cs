using System.Security.Cryptography;
using System.Text;
using FitnessDriver.Profiles.Privacy;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.ServiceDefaults.Privacy;

namespace FitnessDriver.Profiles;

/// <summary>
/// <c>POST /internal/v1/athlete-keys</c> and <c>GET /internal/v1/privacy-settings/{athleteId}</c>: hand athletes' data
/// keys and privacy zones to the other services of the platform when they run in processes of their own. Only with <c>Authorization: Bearer &lt;Keys:Token&gt;</c>; without that setting the endpoint
/// does not exist. Never route it through the public gateway.
/// </summary>
public static class KeysApi
{
    private const int MaxIds = 500;

    /// <summary>Maps the endpoints when a token is configured.</summary>
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var configuration = routes.ServiceProvider.GetRequiredService<IConfiguration>();
        if (configuration["Keys:Token"] is not { Length: >= 16 } token)
            return routes;
        var expected = Encoding.UTF8.GetBytes("Bearer " + token);
        bool Authorized(HttpRequest request) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString()), expected);
        IResult Unauthorized() => Problems.Create(StatusCodes.Status401Unauthorized, "Unauthorized", "This endpoint is for the platform's services.");
        routes.MapGet(RemotePrivacySettings.Path + "/{athleteId:guid}", async (Guid athleteId, HttpRequest request, PrivacySettingsStore privacy, CancellationToken cancellationToken) =>
            !Authorized(request) ? Unauthorized()
            : await privacy.FindAsync(athleteId, cancellationToken) is { } settings ? TypedResults.Ok(settings)
            : Problems.NotFound("athlete")).AllowAnonymous().ExcludeFromDescription();
        routes.MapPost(RemoteAthleteKeys.Path, async (HttpRequest request, AthleteKeyStore keys, CancellationToken cancellationToken) =>
        {
            if (!Authorized(request))
                return Unauthorized();
            var body = await JsonBody.ReadAsync<RemoteAthleteKeys.KeyRequest>(request);
            if (!body.Succeeded)
                return body.Problem!;
            if (body.Value!.AthleteIds is not { Count: > 0 and <= MaxIds } ids)
                return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid request", new Dictionary<string, string[]> { ["athleteIds"] = [$"give 1 to {MaxIds} ids"] });
            var found = new Dictionary<Guid, string>();
            foreach (var id in ids.Distinct())
            {
                if (await keys.FindAsync(id, cancellationToken) is { } key)
                    found[id] = Convert.ToBase64String(key);
            }

            return TypedResults.Ok(new RemoteAthleteKeys.KeyAnswer(found));
        }).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }
}
