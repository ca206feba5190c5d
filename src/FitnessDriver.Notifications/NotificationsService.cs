using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Erasure;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Notifications;

/// <summary>Composition of the Notifications service. It needs an <see cref="EventLog.IEventLog"/> registered by the host.</summary>
public static class NotificationsService
{
    /// <summary>Registers the inbox consumer, the listener and the WebSocket hub.</summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAthleteKeysClient();
        builder.Services.AddServiceDatabase<NotificationsDatabase>("notifications-database");
        builder.Services.AddSingleton<NotificationHub>();
        builder.Services.AddHostedService<NotificationListener>();
        builder.Services.AddEventSink<InboxSink, Achievement>();
        builder.Services.AddEventSink<ImportNoticeSink, Achievement>();
        builder.Services.AddAthleteEraser<NotificationsEraser>();
        return builder;
    }

    /// <summary>Maps the inbox and stream endpoints.</summary>
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder routes) => routes.MapNotificationsApi().MapNotificationPreferences();
}
