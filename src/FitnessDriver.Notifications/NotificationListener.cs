using System.Text.Json;
using FitnessDriver.Contracts;
using FitnessDriver.Hosting;
using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.Notifications;

/// <summary>
/// Listens on the notification channel and hands each committed inbox item to the athlete's open WebSockets here.
/// While it reconnects, pushes are missed; clients catch up from the inbox, which is why the inbox exists.
/// </summary>
public sealed class NotificationListener(NotificationsDatabase database, NotificationHub hub, WorkerHealth health, ILogger<NotificationListener> logger)
    : SupervisedWorker("notification listener", health, logger)
{
    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await database.WaitUntilMigratedAsync(stoppingToken);
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception e) when (PostgresErrors.IsTransient(e) && !stoppingToken.IsCancellationRequested)
            {
                var delay = backoff.Next();
                logger.LogWarning("Notification listener lost the database ({Reason}); reconnecting in {Delay} ms", e.Message, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(stoppingToken);
        var pending = new List<string>();
        connection.Notification += (_, e) => pending.Add(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {PushMessage.Channel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        logger.LogInformation("Listening for notifications");
        ReportProgress();
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await connection.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken))
            {
                // Quiet for a while: prove the connection is still alive.
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(stoppingToken);
            }

            foreach (var payload in pending)
                await DeliverAsync(payload, stoppingToken);
            pending.Clear();
        }
    }

    private async Task DeliverAsync(string payload, CancellationToken cancellationToken)
    {
        PushMessage? message;
        try
        {
            message = PushMessage.Deserialize(payload);
        }
        catch (JsonException e)
        {
            logger.LogError(e, "Unreadable notification payload");
            return;
        }

        if (message is null || !hub.IsConnected(message.AthleteId))
            return;
        var item = message.Item ?? (message.Live
            ? await InboxQueries.FindLiveAsync(database, message.AthleteId, message.Seq, cancellationToken)
            : await InboxQueries.FindAsync(database, message.AthleteId, message.Seq, cancellationToken));
        if (item is not null)
            hub.Publish(message.AthleteId, JsonSerializer.Serialize(item, ContractJson.Options));
    }
}
