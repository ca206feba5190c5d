using System.Globalization;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using FitnessDriver.Contracts.Api;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Notifications;

/// <summary><c>GET /v1/me/notifications?after=</c> and the WebSocket <c>GET /v1/me/notifications/stream</c>.</summary>
public static class NotificationsApi
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 500;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        var notifications = routes.MapGroup("/v1/me/notifications").RequireAuthorization().WithTags("Notifications");
        notifications.MapGet("", GetInboxAsync);
        notifications.MapGet("/stream", StreamAsync);
        return routes;
    }

    private static async Task<IResult> GetInboxAsync(ClaimsPrincipal user, NotificationsDatabase database, string? after, int? limit, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        long cursor = 0;
        if (!string.IsNullOrEmpty(after) && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out cursor)))
            errors.Add("after", "must be a cursor returned by this endpoint");
        if (limit is < 1 or > MaxLimit)
            errors.Add("limit", $"must be between 1 and {MaxLimit}");
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid query", errors.ToDictionary());

        var (items, last) = await InboxQueries.PageAsync(database, user.AthleteId(), cursor, limit ?? DefaultLimit, cancellationToken);
        return TypedResults.Ok(new NotificationPage(items, last.ToString(CultureInfo.InvariantCulture)));
    }

    private static async Task StreamAsync(HttpContext context, ClaimsPrincipal user, NotificationHub hub)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Problems.Create(StatusCodes.Status400BadRequest, "WebSocket required",
                "Open this endpoint as a WebSocket; use GET /v1/me/notifications for the inbox.").ExecuteAsync(context);
            return;
        }

        if (hub.Subscribe(user.AthleteId(), user.SessionId()) is not { } subscriber)
        {
            context.Response.Headers.RetryAfter = "30";
            await Problems.Create(StatusCodes.Status429TooManyRequests, "Too many connections",
                "This server holds as many notification streams as it may; try again later.").ExecuteAsync(context);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        NotificationsMetrics.Connected();
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        // The stream lives as long as the token it was opened with: then the client reconnects with a fresh one.
        using var expiry = new CancellationTokenSource(TokenLifetimeLeft(user));
        using var expired = expiry.Token.Register(() => subscriber.Close("the access token expired"));
        var receiving = ReceiveUntilClosedAsync(socket, closed);
        try
        {
            await foreach (var message in subscriber.Messages.ReadAllAsync(closed.Token))
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, closed.Token);
                NotificationsMetrics.RecordPushed();
            }

            if (subscriber.Overflowed && socket.State == WebSocketState.Open)
                await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "Too far behind; reconnect and read the inbox", CancellationToken.None);
            else if (subscriber.ClosedBecause is { } reason && socket.State == WebSocketState.Open)
                await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, reason, CancellationToken.None);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            hub.Unsubscribe(subscriber);
            NotificationsMetrics.Disconnected();
            await closed.CancelAsync();
            await receiving;
        }
    }

    private static TimeSpan TokenLifetimeLeft(ClaimsPrincipal user)
    {
        var left = long.TryParse(user.FindFirstValue("exp"), NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            ? DateTimeOffset.FromUnixTimeSeconds(expires) - DateTimeOffset.UtcNow
            : TimeSpan.Zero;
        return left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1);
    }

    /// <summary>Reads (and ignores) client messages until the client closes, then stops the send loop.</summary>
    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, closed.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            await closed.CancelAsync();
        }
    }
}
