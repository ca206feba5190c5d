using FitnessDriver.Contracts;
using System.Security.Claims;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Gamification.Rules;
using FitnessDriver.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace FitnessDriver.Gamification;

/// <summary><c>GET /v1/me/progress</c>, <c>GET /v1/me/records</c> and <c>GET /v1/activities/{activityId}/trust</c>.</summary>
public static class GamificationApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapGamificationApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/me/progress", GetProgressAsync).RequireAuthorization().WithTags("Progress");
        routes.MapGet("/v1/me/records", GetRecordsAsync).RequireAuthorization().WithTags("Progress").Produces<PersonalRecordList>();
        routes.MapGet("/v1/activities/{activityId}/trust", GetTrustAsync).RequireAuthorization().WithTags("Progress").Produces<ActivityTrust>();
        return routes;
    }

    private static async Task<IResult> GetRecordsAsync(ClaimsPrincipal user, GamificationDatabase database, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT record, value, activity_id, achieved_at FROM gamification.personal_records WHERE athlete_id = $1");
        command.Parameters.Add(new() { Value = user.AthleteId() });
        var found = new Dictionary<string, PersonalRecordView>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (PersonalRecord.All.FirstOrDefault(r => r.Id == reader.GetString(0)) is { } record)
            {
                found[record.Id] = new PersonalRecordView(record.Id, record.Name, Math.Round(reader.GetDouble(1), 1), record.Display(reader.GetDouble(1)),
                    reader.GetGuid(2), IsoTime.From(reader.GetDateTime(3)));
            }
        }

        return TypedResults.Ok(new PersonalRecordList([.. PersonalRecord.All.Where(r => found.ContainsKey(r.Id)).Select(r => found[r.Id])]));
    }

    private static async Task<IResult> GetTrustAsync(string activityId, ClaimsPrincipal user, GamificationDatabase database, IOptions<GamificationOptions> options,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(activityId, out var id))
            return Problems.NotFound("activity");
        await using var command = database.DataSource.CreateCommand("""
            SELECT sport, distance_m, rejected_m, imported, sensor_recorded, reasons FROM gamification.activity_progress WHERE activity_id = $1 AND athlete_id = $2
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = user.AthleteId() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return Problems.NotFound("activity");
        var activity = new ActivityProgress(id, user.AthleteId(), SportNames.TryParse(reader.GetString(0), out var sport) ? sport : Sport.Other)
        {
            DistanceM = reader.GetDouble(1),
            RejectedM = reader.GetDouble(2),
            Imported = reader.GetBoolean(3),
            SensorRecorded = reader.GetBoolean(4),
            Reasons = [.. reader.GetFieldValue<string[]>(5)],
        };
        return TypedResults.Ok(new ActivityTrust(id, activity.TrustLevel(options.Value.FlagImplausibleAfterM), Math.Round(activity.DistanceM, 1),
            Math.Round(activity.RejectedM, 1), activity.Reasons));
    }

    private static async Task<IResult> GetProgressAsync(ClaimsPrincipal user, GamificationDatabase database, IOptions<GamificationOptions> options, CancellationToken cancellationToken)
    {
        var athleteId = user.AthleteId();
        var curve = new LevelCurve(options.Value.Levels);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        long xp = 0;
        var level = 1;
        await using (var progress = new Npgsql.NpgsqlCommand("SELECT xp, level FROM gamification.athlete_progress WHERE athlete_id = $1", connection))
        {
            progress.Parameters.Add(new() { Value = athleteId });
            await using var reader = await progress.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
                (xp, level) = (reader.GetInt64(0), reader.GetInt32(1));
        }

        var badges = new List<BadgeView>();
        await using (var awarded = new Npgsql.NpgsqlCommand(
            "SELECT key, awarded_at FROM gamification.awards WHERE athlete_id = $1 AND rule = 'badge' ORDER BY awarded_at, key", connection))
        {
            awarded.Parameters.Add(new() { Value = athleteId });
            await using var reader = await awarded.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                badges.Add(new BadgeView(id, Badges.Find(id)?.Name ?? id, IsoTime.From(reader.GetDateTime(1))));
            }
        }

        return TypedResults.Ok(new ProgressResponse(xp, level, curve.ThresholdFor(level + 1), badges));
    }
}
