using System.Security.Claims;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Gamification.Rules;
using FitnessDriver.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace FitnessDriver.Gamification.Streaks;

/// <summary><c>GET</c>/<c>PUT /v1/me/game-settings</c> (time zone, weekly goal) and <c>GET /v1/me/streaks</c>.</summary>
public static class StreakApi
{
    private const double MaxWeeklyDistanceM = 2_000_000;
    private const double MaxWeeklySeconds = 7 * 86_400;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapStreakApi(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/v1/me").RequireAuthorization().WithTags("Progress");
        me.MapGet("/game-settings", GetSettingsAsync).Produces<GameSettingsView>();
        me.MapPut("/game-settings", PutSettingsAsync).Produces<GameSettingsView>();
        me.MapGet("/streaks", GetStreaksAsync).Produces<StreaksView>();
        return routes;
    }

    private static async Task<IResult> GetSettingsAsync(ClaimsPrincipal user, GamificationDatabase database, CancellationToken cancellationToken) =>
        TypedResults.Ok(View(await FindAsync(database, user.AthleteId(), cancellationToken)));

    private static async Task<IResult> PutSettingsAsync(HttpRequest request, ClaimsPrincipal user, GamificationDatabase database, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<GameSettingsView>(request);
        if (!body.Succeeded)
            return body.Problem!;
        var errors = new ValidationErrors();
        var draft = body.Value!;
        if (draft.TimeZone is not { Length: > 0 and <= 64 } zone || GameSettings.FindZone(zone) is null)
            errors.Add("timeZone", "is required: an IANA time zone such as Europe/Moscow");
        WeeklyGoal? goal = null;
        switch (draft.WeeklyGoal)
        {
            case null:
                break;
            case { DistanceM: { } metres, MovingSeconds: null } when metres is >= 1 and <= MaxWeeklyDistanceM:
                goal = new WeeklyGoal(true, metres);
                break;
            case { DistanceM: null, MovingSeconds: { } seconds } when seconds is >= 60 and <= MaxWeeklySeconds:
                goal = new WeeklyGoal(false, seconds);
                break;
            default:
                errors.Add("weeklyGoal", "must be null or exactly one of distanceM (1–2,000,000 m) or movingSeconds (60–604,800 s)");
                break;
        }

        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid game settings", errors.ToDictionary());
        var settings = new GameSettings(GameSettings.FindZone(draft.TimeZone!)!.Id, goal);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        if (!await StreakStore.DatabaseKnowsZoneAsync(connection, settings.TimeZoneId, cancellationToken))
        {
            errors.Add("timeZone", $"{settings.TimeZoneId} is not known to this server's database");
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid game settings", errors.ToDictionary());
        }

        await StreakStore.SaveSettingsAsync(connection, user.AthleteId(), settings, cancellationToken);
        return TypedResults.Ok(View(settings));
    }

    private static async Task<IResult> GetStreaksAsync(ClaimsPrincipal user, GamificationDatabase database, IOptions<GamificationOptions> options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var rules = options.Value.Streaks;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var settings = await StreakStore.SettingsOfAsync(connection, null, user.AthleteId(), cancellationToken);
        var days = await StreakStore.DaysAsync(connection, null, user.AthleteId(), cancellationToken);
        var today = settings.DayOf(clock.GetUtcNow().ToUnixTimeMilliseconds());
        var thisWeek = StreakRules.WeekStart(today);
        var daily = StreakRules.Daily(days.Where(d => d.MovingMs >= rules.ActiveDayMs).Select(d => d.Day), today, rules);
        var weeks = days.GroupBy(d => StreakRules.WeekStart(d.Day)).ToDictionary(w => w.Key, w => w.ToList());
        bool Qualifies(List<DayTotal> week) => settings.Goal is { } goal
            ? week.Sum(d => goal.AmountOf(d.DistanceM, d.MovingMs)) >= goal.Amount
            : week.Any(d => d.MovingMs >= rules.ActiveDayMs);
        var weekly = StreakRules.Weekly(weeks.Where(w => Qualifies(w.Value)).Select(w => w.Key), thisWeek);
        WeeklyGoalProgress? goalProgress = null;
        if (settings.Goal is { } weeklyGoal)
        {
            var progress = weeks.GetValueOrDefault(thisWeek, []).Sum(d => weeklyGoal.AmountOf(d.DistanceM, d.MovingMs));
            goalProgress = new WeeklyGoalProgress(weeklyGoal.ToView(), Math.Round(progress, 1), DailyLedger.Iso(thisWeek), progress >= weeklyGoal.Amount);
        }

        return TypedResults.Ok(new StreaksView(settings.TimeZoneId, DailyLedger.Iso(today),
            new DailyStreakView(daily.Current, daily.Longest, daily.LastActiveDay is { } last ? DailyLedger.Iso(last) : null, daily.Freezes, daily.AtRisk),
            new WeeklyStreakView(weekly.Current, weekly.Longest), goalProgress));
    }

    private static async Task<GameSettings> FindAsync(GamificationDatabase database, Guid athleteId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await StreakStore.SettingsOfAsync(connection, null, athleteId, cancellationToken);
    }

    private static GameSettingsView View(GameSettings settings) => new(settings.TimeZoneId, settings.Goal?.ToView());
}
