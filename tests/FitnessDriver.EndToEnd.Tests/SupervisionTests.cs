using System.Net;
using System.Text.Json;
using FitnessDriver.Contracts;
using FitnessDriver.EventLog;
using FitnessDriver.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>A consumer whose work fails is restarted; the host keeps serving and says so on /health/ready.</summary>
public sealed class SupervisionTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_consumer_that_keeps_failing_is_restarted_without_stopping_the_host_and_nothing_is_dead_lettered()
    {
        await using var platform = await RunningPlatform.StartAsync(postgres);
        var athlete = await platform.NewAthleteAsync();
        var activityId = Guid.NewGuid();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds());
        await athlete.PutActivityAsync(activityId, Sport.Run, start);
        var samples = RunGenerator.Samples(start, 700, 3.0);
        await athlete.PostSamplesAsync(activityId, "phone", samples[..100]);
        await platform.WaitForConsumersAsync();

        // The progress consumer can no longer store its positions: every run of it fails, whatever the records hold.
        await PostgresFixture.ScalarAsync<int>(platform.ConnectionString,
            "ALTER TABLE gamification.consumer_positions RENAME TO consumer_positions_away; SELECT 1");
        Assert.Equal(600, (await athlete.PostSamplesAsync(activityId, "phone", samples[100..])).Accepted);

        var health = await Eventually.MatchesAsync(() => ReadinessAsync(platform),
            h => h.Status == HttpStatusCode.ServiceUnavailable && h.Workers.Contains("consumer gamification restarting", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "readiness to show the failing consumer");
        Assert.Contains("consumer_positions", health.Workers, StringComparison.Ordinal);
        // The rest of the platform goes on: the edge accepts, other consumers store.
        Assert.Equal(1, (await athlete.PostSamplesAsync(activityId, "phone", [samples[^1] with { T = samples[^1].T + 1000 }])).Accepted);
        await Eventually.MatchesAsync(() => athlete.GetActivityAsync(activityId), s => s.SampleCount == 701, TimeSpan.FromSeconds(30), "samples stored by TimeSeries");

        await PostgresFixture.ScalarAsync<int>(platform.ConnectionString,
            "ALTER TABLE gamification.consumer_positions_away RENAME TO consumer_positions; SELECT 1");
        var progress = await Eventually.MatchesAsync(() => athlete.GetProgressAsync(), p => p.Xp == 20, TimeSpan.FromSeconds(90), "the 2 km paid once the consumer recovers");
        Assert.Equal(20, progress.Xp);
        await Eventually.MatchesAsync(() => ReadinessAsync(platform), h => h.Status == HttpStatusCode.OK && h.Worst == "Healthy",
            TimeSpan.FromSeconds(30), "readiness to recover");

        var log = platform.Services.GetRequiredService<IEventLog>();
        await using var deadLetters = log.Subscribe(new ConsumerOptions(null, [Topics.DeadLetter(Topics.TelemetrySamples)]));
        Assert.Empty(await deadLetters.ConsumeAsync(100, TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken));
    }

    private static async Task<(HttpStatusCode Status, string Worst, string Workers)> ReadinessAsync(RunningPlatform platform)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", RunningPlatform.ManagementToken);
        using var response = await platform.Http.SendAsync(request);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var workers = report.RootElement.GetProperty("checks").GetProperty("workers");
        return (response.StatusCode, report.RootElement.GetProperty("status").GetString()!, workers.GetProperty("description").GetString()!);
    }
}
