using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FitnessDriver.Client;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>Limits as configured: sign-ups and sign-ins per address, writes and WebSockets per athlete, WebSockets per process.</summary>
public sealed class RateLimitTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Sign_ups_beyond_the_burst_get_429_with_retry_after()
    {
        await using var platform = await RunningPlatform.StartAsync(postgres, new Dictionary<string, string>
        {
            ["RateLimits:SignUpBurst"] = "3",
            ["RateLimits:SignUpsPerHour"] = "60",
        });
        for (var i = 0; i < 3; i++)
            await platform.NewAthleteAsync($"Burst {i}");
        var refused = await Assert.ThrowsAsync<ApiProblemException>(() => platform.NewAthleteAsync("One too many"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.NotNull(refused.RetryAfter);
    }

    [Fact]
    public async Task Sign_ins_beyond_the_limit_get_429_even_with_the_right_password()
    {
        await using var platform = await RunningPlatform.StartAsync(postgres, new Dictionary<string, string> { ["RateLimits:SignInsPerMinute"] = "2" });
        await FitnessDriverClient.SignUpWithCredentialsAsync(platform.Http, "Guessed", "guessed-user", "correct horse battery");
        for (var i = 0; i < 2; i++)
            await Assert.ThrowsAsync<ApiProblemException>(() => FitnessDriverClient.SignInAsync(platform.Http, "guessed-user", $"guess number {i}"));
        var refused = await Assert.ThrowsAsync<ApiProblemException>(() => FitnessDriverClient.SignInAsync(platform.Http, "guessed-user", "correct horse battery"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.NotNull(refused.RetryAfter);
    }

    [Fact]
    public async Task Writes_beyond_the_athletes_burst_get_429_while_reads_and_other_athletes_go_on()
    {
        await using var platform = await RunningPlatform.StartAsync(postgres, new Dictionary<string, string>
        {
            ["RateLimits:WriteBurst"] = "5",
            ["RateLimits:WritesPerSecond"] = "1",
        });
        var busy = await platform.NewAthleteAsync("Busy");
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
            statuses.Add(await PutAsync(busy, Guid.NewGuid(), start));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.True(statuses.Take(5).All(s => s == HttpStatusCode.Created), string.Join(", ", statuses));

        using (var read = new HttpRequestMessage(HttpMethod.Get, "/v1/me/progress"))
        using (var response = await busy.SendAsync(read))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var calm = await platform.NewAthleteAsync("Calm");
        Assert.Equal(HttpStatusCode.Created, await PutAsync(calm, Guid.NewGuid(), start));
    }

    [Fact]
    public async Task A_websocket_beyond_the_athletes_limit_closes_the_oldest_and_a_full_process_refuses_with_429()
    {
        await using var platform = await RunningPlatform.StartAsync(postgres, new Dictionary<string, string>
        {
            ["RateLimits:WebSocketsPerAthlete"] = "2",
            ["RateLimits:WebSockets"] = "3",
        });
        var athlete = await platform.NewAthleteAsync("Many tabs");
        await using var oldest = await athlete.OpenNotificationFeedAsync();
        await using var second = await athlete.OpenNotificationFeedAsync();
        await using var third = await athlete.OpenNotificationFeedAsync();
        await foreach (var _ in oldest.ReadAllAsync(TestContext.Current.CancellationToken))
        {
        }

        Assert.Contains("replaced by a newer connection", oldest.CloseReason, StringComparison.Ordinal);

        var other = await platform.NewAthleteAsync("Other");
        await using var fourth = await other.OpenNotificationFeedAsync();
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(platform.BaseAddress) { Scheme = "ws", Path = "/v1/me/notifications/stream", Query = "access_token=" + Uri.EscapeDataString(other.Token) }.Uri;
        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => socket.ConnectAsync(uri, TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.TooManyRequests, socket.HttpStatusCode);
        Assert.True(socket.HttpResponseHeaders?.ContainsKey("Retry-After"));
    }

    [Fact]
    public async Task Responses_carry_security_headers_no_banner_and_metrics_need_the_management_token()
    {
        await using var platform = await RunningPlatform.StartAsync(postgres);
        using var signUp = new HttpRequestMessage(HttpMethod.Post, "/v1/athletes") { Content = new StringContent("""{"displayName":"Headers"}""", Encoding.UTF8, "application/json") };
        using var response = await platform.Http.SendAsync(signUp);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("default-src 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);

        using (var anonymous = await platform.Http.GetAsync(new Uri("/metrics", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RunningPlatform.ManagementToken);
        using (var metrics = await platform.Http.SendAsync(scrape))
        {
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            Assert.Contains("fd_", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var health = await platform.Http.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            var checks = JsonNode.Parse(await health.Content.ReadAsStringAsync())!["checks"]!.AsObject();
            Assert.All(checks, c => Assert.Null(c.Value!["description"]));
        }

        var document = JsonNode.Parse(await platform.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/v1/me/progress"]!["get"]!["security"]);
        Assert.Null(document["paths"]!["/v1/athletes"]!["post"]!["security"]);
    }

    private static async Task<HttpStatusCode> PutAsync(FitnessDriverClient athlete, Guid activityId, DateTimeOffset start)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/activities/{activityId}")
        {
            Content = new StringContent($$"""{"sport":"run","startedAt":"{{start.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}}"}""", Encoding.UTF8, "application/json"),
        };
        using var response = await athlete.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            Assert.NotNull(response.Headers.RetryAfter);
        return response.StatusCode;
    }
}
