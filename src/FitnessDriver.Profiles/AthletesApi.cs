using FitnessDriver.Contracts.Api;
using FitnessDriver.Profiles.Identity;
using FitnessDriver.Profiles.Privacy;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Profiles;

/// <summary><c>POST /v1/athletes</c>: sign up and get a session; <c>GET /v1/athletes?ids=</c>: public names.</summary>
public static class AthletesApi
{
    private const int MaxDisplayNameLength = 64;
    private const int MaxIds = 200;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapAthletesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/athletes", CreateAsync).WithTags("Identity").AllowAnonymous().RequireRateLimiting(RateLimits.SignUp)
            .Produces<CreateAthleteResponse>(StatusCodes.Status201Created);
        routes.MapGet("/v1/athletes", NamesAsync).WithTags("Identity").RequireAuthorization().Produces<AthleteNames>();
        return routes;
    }

    /// <summary>Public display names of up to 200 athletes (for leaderboards).</summary>
    private static async Task<IResult> NamesAsync(string? ids, IDisplayNames names, CancellationToken cancellationToken)
    {
        var parsed = new List<Guid>();
        foreach (var id in (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Guid.TryParse(id, out var athleteId))
                return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid query", new Dictionary<string, string[]> { ["ids"] = [$"'{id}' is not an athlete id"] });
            parsed.Add(athleteId);
        }

        if (parsed.Count is 0 or > MaxIds)
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid query", new Dictionary<string, string[]> { ["ids"] = [$"give 1 to {MaxIds} comma-separated athlete ids"] });
        var found = await names.FindAsync(parsed, cancellationToken);
        return TypedResults.Ok(new AthleteNames(found.Select(n => new AthleteName(n.Key, n.Value)).ToList()));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ProfileRegions regions, AthleteKeyStore keys, Credentials credentials, Sessions sessions,
        AuditLog audit, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CreateAthleteRequest>(context.Request);
        if (!body.Succeeded)
            return body.Problem!;

        var request = body.Value!;
        var errors = new ValidationErrors();
        var displayName = TextFields.Clean(request.DisplayName, "displayName", MaxDisplayNameLength, errors, required: true);
        var withCredential = request.Username is not null || request.Password is not null;
        if (withCredential)
            Credentials.Validate(request.Username, request.Password, errors);
        var region = request.Region is null ? regions.Default : regions.Named(request.Region);
        if (region is null)
            errors.Add("region", $"must be one of {string.Join(", ", regions.All.Select(r => r.Name))}");
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid athlete", errors.ToDictionary());

        var database = region!.Database;
        await database.WaitUntilMigratedAsync(cancellationToken);
        var athleteId = ProfileRegions.NewAthleteId(region);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new Npgsql.NpgsqlCommand("INSERT INTO profiles.athletes (athlete_id) VALUES ($1)", connection, transaction))
        {
            insert.Parameters.Add(new() { Value = athleteId });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var key = await keys.CreateAsync(connection, transaction, athleteId, cancellationToken);
        await Profile.SetDisplayNameAsync(connection, transaction, athleteId, key, displayName!, cancellationToken);
        if (withCredential && !await credentials.SetAsync(connection, transaction, athleteId, key, request.Username!, request.Password!, cancellationToken))
            return AuthApi.UsernameTaken();
        var tokens = await sessions.StartAsync(connection, transaction, athleteId, withLegacyToken: true, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        audit.SignedUp(athleteId, tokens.SessionId, context.Connection.RemoteIpAddress);
        return TypedResults.Created((string?)null,
            new CreateAthleteResponse(athleteId, tokens.LegacyToken!, tokens.AccessToken, tokens.ExpiresIn, tokens.RefreshToken, tokens.RefreshExpiresIn));
    }
}
