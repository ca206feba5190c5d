using System.Net;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Postgres.Local;
using FitnessDriver.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>A dead database delays processing; it never loses what the edge acknowledged.</summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task Samples_accepted_while_the_database_is_down_are_stored_once_it_is_back()
    {
        using var directory = new TemporaryDirectory("fd-outage");
        var options = new LocalPostgresOptions { Directory = directory.Path, Port = ServiceProcess.FreePort(), NoSync = true };
        var postgres = await LocalPostgresCluster.StartAsync(options, NullLogger.Instance);
        await postgres.CreateDatabaseAsync("fd");
        await postgres.CreateDatabaseAsync("profiles");
        await using var platform = await RunningPlatform.StartAsync(postgres.ConnectionString("fd"), postgres.ConnectionString("profiles"));
        try
        {
            var athlete = await platform.NewAthleteAsync();
            var activityId = Guid.NewGuid();
            var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds());
            await athlete.PutActivityAsync(activityId, Sport.Run, start);
            var batches = RunGenerator.Samples(start, 1200, 3.0).Chunk(300).ToList();
            await athlete.PostSamplesAsync(activityId, "phone", batches[0]);
            await Eventually.MatchesAsync(() => athlete.GetActivityAsync(activityId), s => s.SampleCount == 300, TimeSpan.FromSeconds(30), "the first batch stored");

            await postgres.DisposeAsync();
            foreach (var batch in batches.Skip(1))
                Assert.Equal(300, (await athlete.PostSamplesAsync(activityId, "phone", batch)).Accepted);
            var down = await Assert.ThrowsAsync<ApiProblemException>(() => athlete.GetActivityAsync(activityId));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
            Assert.NotNull(down.RetryAfter);

            postgres = await LocalPostgresCluster.StartAsync(options, NullLogger.Instance);
            var summary = await Eventually.MatchesAsync(() => athlete.GetActivityAsync(activityId), s => s.SampleCount == 1200,
                TimeSpan.FromMinutes(1), "every batch stored after the database came back");
            Assert.InRange(summary.DistanceM, 3590, 3600);
            var progress = await Eventually.MatchesAsync(() => athlete.GetProgressAsync(), p => p.Xp == 30, TimeSpan.FromSeconds(30), "30 XP");
            Assert.Equal(2, progress.Level);
        }
        finally
        {
            await platform.DisposeAsync();
            await postgres.DisposeAsync();
        }
    }
}
