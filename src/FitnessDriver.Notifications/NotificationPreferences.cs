using System.Reflection;
using System.Security.Claims;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Postgres;
using FitnessDriver.ServiceDefaults;
using Npgsql;

namespace FitnessDriver.Notifications;

/// <summary><c>GET/PUT /v1/me/notification-settings</c>: the notification types an athlete muted, which are neither kept nor pushed.</summary>
public static class NotificationPreferences
{
    /// <summary>Every type a notification can have.</summary>
    public static IReadOnlySet<string> Types { get; } = new[] { typeof(AchievementTypes), typeof(SocialNoticeTypes) }
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapNotificationPreferences(this IEndpointRouteBuilder routes)
    {
        var settings = routes.MapGroup("/v1/me/notification-settings").RequireAuthorization().WithTags("Notifications");
        settings.MapGet("", async (ClaimsPrincipal user, NotificationsDatabase database, CancellationToken cancellationToken) =>
            TypedResults.Ok(new NotificationSettings(await MutedAsync(database, user.AthleteId(), cancellationToken)))).Produces<NotificationSettings>();
        settings.MapPut("", PutAsync).Produces<NotificationSettings>();
        return routes;
    }

    /// <summary>Leaves out what each athlete muted.</summary>
    internal static async Task<List<Achievement>> WithoutMutedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Achievement> achievements,
        CancellationToken cancellationToken)
    {
        var muted = new HashSet<(Guid, string)>();
        await using (var select = PostgresCommands.Create(connection, transaction, "SELECT athlete_id, unnest(muted) FROM notifications.preferences WHERE athlete_id = ANY($1)",
            achievements.Select(a => a.AthleteId).Distinct().ToArray()))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                muted.Add((reader.GetGuid(0), reader.GetString(1)));
        }

        return [.. achievements.Where(a => !muted.Contains((a.AthleteId, a.Type)))];
    }

    private static async Task<IResult> PutAsync(HttpRequest request, ClaimsPrincipal user, NotificationsDatabase database, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<NotificationSettings>(request);
        if (!body.Succeeded)
            return body.Problem!;
        var errors = new ValidationErrors();
        var muted = body.Value!.Muted ?? [];
        for (var i = 0; i < muted.Count; i++)
        {
            if (!Types.Contains(muted[i]))
                errors.Add($"muted[{i}]", $"is not a notification type: one of {string.Join(", ", Types.Order(StringComparer.Ordinal))}");
        }

        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid settings", errors.ToDictionary());
        var stored = muted.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await PostgresCommands.ExecuteAsync(connection, null, """
            INSERT INTO notifications.preferences (athlete_id, muted) VALUES ($1, $2) ON CONFLICT (athlete_id) DO UPDATE SET muted = EXCLUDED.muted
            """, cancellationToken, user.AthleteId(), stored);
        return TypedResults.Ok(new NotificationSettings(stored));
    }

    private static async Task<IReadOnlyList<string>> MutedAsync(NotificationsDatabase database, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(database.DataSource, "SELECT muted FROM notifications.preferences WHERE athlete_id = $1", athleteId);
        return await command.ExecuteScalarAsync(cancellationToken) as string[] ?? [];
    }
}
