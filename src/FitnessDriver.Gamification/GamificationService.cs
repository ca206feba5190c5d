using FitnessDriver.Contracts.Activities;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Gamification.Challenges;
using FitnessDriver.Gamification.Effort;
using FitnessDriver.Gamification.Rules;
using FitnessDriver.Gamification.Segments;
using FitnessDriver.Gamification.Streaks;
using FitnessDriver.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Deletion;
using FitnessDriver.Postgres.Erasure;

namespace FitnessDriver.Gamification;

/// <summary>Composition of the Gamification service. It needs an <see cref="EventLog.IEventLog"/> registered by the host.</summary>
public static class GamificationService
{
    /// <summary>Registers the rules, the progress consumer and the achievement publisher.</summary>
    public static WebApplicationBuilder AddGamification(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAthleteKeysClient();
        builder.Services.Configure<GamificationOptions>(builder.Configuration.GetSection("Gamification"));
        builder.Services.AddServiceDatabase<GamificationDatabase>("gamification-database");
        builder.Services.AddSingleton<AchievementPublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AchievementPublisher>());
        builder.Services.AddSingleton<StreakWatch>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StreakWatch>());
        builder.Services.AddEventSink<ProgressSink, SampleBatch>();
        builder.Services.AddEventSink<VisibilitySink, ActivityStarted>();
        builder.Services.AddAthleteEraser<GamificationEraser>();
        builder.Services.AddActivityEraser<GamificationActivityEraser>();
        builder.Services.AddSingleton<ChallengeQueries>();
        builder.Services.AddSingleton<ChallengeTeams>();
        // Teams of clubs: Social answers directly in the all-in-one host; alone, Gamification asks the Social service.
        builder.Services.AddHttpClient<SocialApiClubMemberships>(http =>
        {
            if (builder.Configuration["Services:Social:Url"] is { Length: > 0 } url)
                http.BaseAddress = new Uri(url);
        });
        builder.Services.TryAddTransient<IClubMemberships>(sp => sp.GetRequiredService<SocialApiClubMemberships>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.AddDisplayNamesClient();
        // Likewise the tracks segments are made from: TimeSeries' own queries in the all-in-one host, its API otherwise.
        builder.Services.AddHttpClient<TimeSeriesApiActivityTracks>(http =>
        {
            if (builder.Configuration["Services:TimeSeries:Url"] is { Length: > 0 } url)
                http.BaseAddress = new Uri(url);
        });
        builder.Services.TryAddTransient<IActivityTracks>(sp => sp.GetRequiredService<TimeSeriesApiActivityTracks>());
        builder.Services.AddSingleton<SegmentIndex>();
        return builder;
    }

    /// <summary>Maps the progress and challenge endpoints.</summary>
    public static IEndpointRouteBuilder MapGamification(this IEndpointRouteBuilder routes) => routes.MapGamificationApi().MapChallengesApi().MapChallengeTeamsApi().MapStreakApi().MapZonesApi().MapSegmentsApi();
}
