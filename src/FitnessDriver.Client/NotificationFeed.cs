using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;

namespace FitnessDriver.Client;

/// <summary>The live notification WebSocket of one athlete.</summary>
public sealed class NotificationFeed : IAsyncDisposable
{
    private readonly ClientWebSocket socket;

    private NotificationFeed(ClientWebSocket socket) => this.socket = socket;

    /// <summary>Connects with the token in the query, as browsers must.</summary>
    public static async Task<NotificationFeed> ConnectAsync(Uri baseAddress, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var builder = new UriBuilder(baseAddress)
        {
            Scheme = baseAddress.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Path = "/v1/me/notifications/stream",
            Query = "access_token=" + Uri.EscapeDataString(token),
        };
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(builder.Uri, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new NotificationFeed(socket);
    }

    /// <summary>Why the server closed the stream, once it did (e.g. "the token was revoked").</summary>
    public string? CloseReason => socket.CloseStatusDescription;

    /// <summary>Notifications as they arrive, until the server closes or <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<NotificationItem> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, cancellationToken);
            }
            catch (WebSocketException)
            {
                yield break;
            }

            if (result.MessageType == WebSocketMessageType.Close)
                yield break;
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
                continue;
            var item = JsonSerializer.Deserialize<NotificationItem>(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length), ContractJson.Options);
            message.SetLength(0);
            if (item is not null)
                yield return item;
        }
    }

    /// <summary>Closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }

        socket.Dispose();
    }
}
