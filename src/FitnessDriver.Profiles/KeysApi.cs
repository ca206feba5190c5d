using System.Security.Cryptography;
using System.Text;
using FitnessDriver.Profiles.Privacy;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.ServiceDefaults.Privacy;

namespace FitnessDriver.Profiles;

/// <summary>
/// <c>POST /internal/v1/athlete-keys</c>: hands athletes' data keys to the other services of the platform when they run
/// in processes of their own. Only with <c>Authorization: Bearer &lt;Keys:Token&gt;</c>; without that setting the endpoint
/// does not exist. Never route it through the public gateway.
/// </summary>
public static class KeysApi
{
    private const int MaxIds = 500;

    /// <summary>Maps the endpoint when a token is configured.</summary>
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var configuration = routes.ServiceProvider.GetRequiredService<IConfiguration>();
        if (configuration["Keys:Token"] is not { Length: >= 16 } token)
            return routes;
        var expected = Encoding.UTF8.GetBytes("Bearer " + token);
        routes.MapPost(RemoteAthleteKeys.Path, async (HttpRequest request, AthleteKeyStore keys, CancellationToken cancellationToken) =>
        {
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString()), expected))
                return Problems.Create(StatusCodes.Status401Unauthorized, "Unauthorized", "This endpoint is for the platform's services.");
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
