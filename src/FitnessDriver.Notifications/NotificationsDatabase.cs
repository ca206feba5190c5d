using FitnessDriver.Postgres;

namespace FitnessDriver.Notifications;

/// <summary>The Notifications database (<c>ConnectionStrings:Notifications</c>).</summary>
public sealed class NotificationsDatabase(IConfiguration configuration, ILogger<NotificationsDatabase> logger)
    : ServiceDatabase("notifications", ConnectionStringFor(configuration, "Notifications"), typeof(NotificationsDatabase).Assembly, logger);
