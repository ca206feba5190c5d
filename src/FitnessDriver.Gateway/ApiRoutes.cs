using Yarp.ReverseProxy.Configuration;

namespace FitnessDriver.Gateway;

/// <summary>
/// Which service owns which part of the public API. Path alone is not enough: <c>PUT /v1/activities/{id}</c> goes
/// to the edge and <c>GET /v1/activities/{id}</c> to TimeSeries.
/// </summary>
public static class ApiRoutes
{
    /// <summary>The services behind the gateway; each is configured as <c>Services:{Name}:Url</c>.</summary>
    public static IReadOnlyList<string> Services { get; } = ["Profiles", "Telemetry", "TimeSeries", "Gamification", "Notifications", "Social"];

    /// <summary>The routes, most specific first.</summary>
    public static IReadOnlyList<RouteConfig> Routes { get; } =
    [
        Route("Profiles", "/v1/athletes", "GET", "POST"),
        Route("Profiles", "/v1/auth/{**rest}", "POST"),
        Route("Profiles", "/v1/me/credentials", "PUT"),
        Route("Profiles", "/v1/me", "GET", "PATCH", "DELETE"),
        Route("Profiles", "/v1/me/privacy", "GET", "PUT"),
        Route("Profiles", "/v1/me/export/{**rest}"),
        Route("Profiles", "/.well-known/jwks.json", "GET"),
        Route("Telemetry", "/v1/imports", "POST"),
        Route("Telemetry", "/v1/imports/archives/{**rest}"),
        Route("Telemetry", "/v1/activities/{activityId}", "PUT", "DELETE"),
        Route("Telemetry", "/v1/activities/{activityId}/samples", "POST"),
        Route("Telemetry", "/v1/activities/{activityId}/finish", "POST"),
        Route("Telemetry", "/v1/activities/{activityId}/gatt", "POST"),
        Route("TimeSeries", "/v1/activities", "GET"),
        Route("TimeSeries", "/v1/activities/{activityId}", "GET"),
        Route("TimeSeries", "/v1/activities/{activityId}/streams", "GET"),
        Route("TimeSeries", "/v1/athletes/{athleteId}/activities/{**rest}", "GET"),
        Route("Gamification", "/v1/me/progress", "GET"),
        Route("Gamification", "/v1/me/records", "GET"),
        Route("Gamification", "/v1/me/game-settings", "GET", "PUT"),
        Route("Gamification", "/v1/me/streaks", "GET"),
        Route("Gamification", "/v1/me/zones", "GET", "PUT"),
        Route("Gamification", "/v1/activities/{activityId}/trust", "GET"),
        Route("Gamification", "/v1/challenges/{**rest}"),
        Route("Gamification", "/v1/segments/{**rest}"),
        Route("Gamification", "/v1/me/segment-efforts", "GET"),
        Route("Notifications", "/v1/me/notifications/{**rest}"),
        Route("Notifications", "/v1/me/notification-settings", "GET", "PUT"),
        Route("Social", "/v1/athletes/{athleteId}/relationship", "GET"),
        Route("Social", "/v1/athletes/{athleteId}/follow", "POST", "DELETE"),
        Route("Social", "/v1/athletes/{athleteId}/block", "POST", "DELETE"),
        Route("Social", "/v1/athletes/{athleteId}/followers", "GET"),
        Route("Social", "/v1/athletes/{athleteId}/following", "GET"),
        Route("Social", "/v1/me/follow-requests/{**rest}"),
        Route("Social", "/v1/me/followers/{athleteId}", "DELETE"),
        Route("Social", "/v1/me/blocks", "GET"),
        Route("Social", "/v1/me/comments", "GET"),
        Route("Social", "/v1/me/social", "GET", "PUT"),
        Route("Social", "/v1/clubs/{**rest}"),
        Route("Social", "/v1/feed/{**rest}"),
        Route("Social", "/v1/group-sessions/{**rest}"),
    ];

    /// <summary>One cluster per service, pointing at its configured address.</summary>
    public static IReadOnlyList<ClusterConfig> Clusters(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Services.Select(service => new ClusterConfig
        {
            ClusterId = service,
            Destinations = new Dictionary<string, DestinationConfig>
            {
                [service] = new() { Address = UrlOf(configuration, service) },
            },
        }).ToList();
    }

    /// <summary>The configured address of a service.</summary>
    public static string UrlOf(IConfiguration configuration, string service)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[$"Services:{service}:Url"] is { Length: > 0 } url
            ? url
            : throw new InvalidOperationException($"The gateway needs the address of {service}: set Services__{service}__Url.");
    }

    private static RouteConfig Route(string service, string path, params string[] methods) => new()
    {
        RouteId = $"{service}:{string.Join(',', methods)}:{path}",
        ClusterId = service,
        Match = new RouteMatch { Path = path, Methods = methods.Length == 0 ? null : methods },
    };
}
