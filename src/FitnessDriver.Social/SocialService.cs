using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Activities;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Deletion;
using FitnessDriver.Postgres.Erasure;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.Social.Clubs;
using FitnessDriver.Social.Feed;
using FitnessDriver.Social.Groups;
using FitnessDriver.Social.Notices;
using FitnessDriver.Social.Relationships;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FitnessDriver.Social;

/// <summary>Composition of the Social service. It needs an <see cref="EventLog.IEventLog"/> registered by the host.</summary>
public static class SocialService
{
    /// <summary>Registers the stores, the consumers and the notice publisher.</summary>
    public static WebApplicationBuilder AddSocial(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAthleteKeysClient();
        builder.Services.AddServiceDatabase<SocialDatabase>("social-database");
        builder.Services.AddSingleton<RelationshipStore>();
        // Other services in this process ask Social's tables directly; alone, they call its API (SocialApiRelationships).
        builder.Services.AddSingleton<IRelationships, SocialRelationships>();
        builder.Services.AddSingleton<SocialNoticePublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SocialNoticePublisher>());
        builder.Services.AddSingleton<ClubStore>();
        builder.Services.AddSingleton<FeedQueries>();
        builder.Services.AddSingleton<CommentStore>();
        builder.Services.AddEventSink<ActivitySink, ActivityEvent>();
        builder.Services.AddEventSink<AchievementSink, Achievement>();
        builder.Services.AddEventSink<TallySink, SampleBatch>();
        builder.Services.AddAthleteEraser<SocialEraser>();
        builder.Services.AddActivityEraser<SocialActivityEraser>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.AddDisplayNamesClient();

        // Live group sessions (Groups/), and club memberships for the services in this process (teams in challenges).
        builder.AddGroupSessions();
        builder.Services.AddSingleton<IClubMemberships, SocialClubMemberships>();
        return builder;
    }

    /// <summary>Maps the social endpoints.</summary>
    public static IEndpointRouteBuilder MapSocial(this IEndpointRouteBuilder routes) => routes.MapFollowsApi().MapClubsApi().MapFeedApi()
        .MapGroupsApi();
}
