using FitnessDriver.Contracts.Activities;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Postgres.Consumers;

namespace FitnessDriver.Social.Groups;

/// <summary>Composition of live group sessions within the Social service.</summary>
public static class GroupSessions
{
    /// <summary>Registers the store, the members in memory, the two consumers and the updates.</summary>
    public static WebApplicationBuilder AddGroupSessions(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<GroupOptions>(builder.Configuration.GetSection("Social:Groups"));
        builder.Services.AddSingleton<GroupStore>();
        builder.Services.AddSingleton<GroupNames>();
        builder.Services.AddScoped<GroupViews>();
        builder.Services.AddSingleton<LiveAthletes>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveAthletes>());
        builder.Services.AddSingleton<GroupBroadcaster>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GroupBroadcaster>());
        builder.Services.AddEventSink<GroupSampleSink, SampleBatch>();
        builder.Services.AddEventSink<GroupLifecycleSink, ActivityEvent>();
        return builder;
    }
}
