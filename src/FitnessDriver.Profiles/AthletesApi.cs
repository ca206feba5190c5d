using FitnessDriver.Contracts.Api;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Profiles;

/// <summary><c>POST /v1/athletes</c>: sign up and get a token.</summary>
public static class AthletesApi
{
    private const int MaxDisplayNameLength = 64;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapAthletesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/athletes", CreateAsync).WithTags("Identity").AllowAnonymous().Produces<CreateAthleteResponse>(StatusCodes.Status201Created);
        routes.MapGet("/v1/athletes", NamesAsync).WithTags("Identity").RequireAuthorization().Produces<AthleteNames>();
        return routes;
    }

    private const int MaxIds = 200;

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

    private static async Task<IResult> CreateAsync(HttpRequest request, ProfilesDatabase database, AthleteTokens tokens, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CreateAthleteRequest>(request);
        if (!body.Succeeded)
            return body.Problem!;

        var errors = new ValidationErrors();
        var displayName = TextFields.Clean(body.Value!.DisplayName, "displayName", MaxDisplayNameLength, errors, required: true);
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid athlete", errors.ToDictionary());

        await database.WaitUntilMigratedAsync(cancellationToken);
        var athleteId = Guid.CreateVersion7();
        await using var command = database.DataSource.CreateCommand("INSERT INTO profiles.athletes (athlete_id, display_name) VALUES ($1, $2)");
        command.Parameters.Add(new() { Value = athleteId });
        command.Parameters.Add(new() { Value = displayName! });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return TypedResults.Created((string?)null, new CreateAthleteResponse(athleteId, tokens.Issue(athleteId)));
    }
}
