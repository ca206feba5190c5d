using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>kill -9 of the whole host (its own PostgreSQL included) while a client streams samples.</summary>
public sealed class CrashRecoveryTests
{
    private const int Batches = 150;
    private const int SamplesPerBatch = 20;
    private const double Speed = 3.5;

    [Fact]
    public async Task Killing_the_host_mid_stream_stores_every_acknowledged_sample_once_and_pays_each_kilometre_once()
    {
        using var data = new TemporaryDirectory("fd-crash");
        var port = ServiceProcess.FreePort();
        var environment = new Dictionary<string, string> { ["FD_DATA_DIR"] = data.Path };
        var host = await ServiceProcess.StartAsync("fitnessdriver-host", port, environment, data.Path, TimeSpan.FromMinutes(2));
        try
        {
            using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            var athlete = await FitnessDriverClient.SignUpAsync(http, "Crash");
            var activityId = Guid.NewGuid();
            var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds());
            await athlete.PutActivityAsync(activityId, Sport.Run, start);
            var batches = RunGenerator.Samples(start, Batches * SamplesPerBatch, Speed).Chunk(SamplesPerBatch).ToList();
            var acknowledged = 0;
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var sending = Task.Run(async () =>
            {
                foreach (var batch in batches)
                {
                    // Like the app: retry the same batch until the server says it is durable.
                    while (!await TrySendAsync(athlete, activityId, batch))
                        await Task.Delay(100, stop.Token);
                    Interlocked.Increment(ref acknowledged);
                }
            }, stop.Token);

            foreach (var killAfter in new[] { Batches / 3, 2 * Batches / 3 })
            {
                await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref acknowledged) >= killAfter), TimeSpan.FromMinutes(2), $"{killAfter} batches acknowledged");
                await host.KillAsync();
                host = await ServiceProcess.StartAsync("fitnessdriver-host", port, environment, data.Path, TimeSpan.FromMinutes(2));
            }

            await sending;
            var expectedKm = (int)(batches.SelectMany(b => b).Max(s => s.Distance!.Value) / 1000);
            var progress = await Eventually.MatchesAsync(() => athlete.GetProgressAsync(), p => p.Xp >= expectedKm * 10,
                TimeSpan.FromMinutes(1), "XP for every kilometre");
            var streams = await Eventually.MatchesAsync(() => athlete.GetStreamsAsync(activityId, "1s", "distance"),
                s => s.T.Count >= Batches * SamplesPerBatch, TimeSpan.FromMinutes(1), "every sample stored");

            var sent = batches.SelectMany(b => b).Select(s => s.T).ToList();
            Assert.Equal(sent, streams.T);
            Assert.Equal(expectedKm * 10, progress.Xp);
            var kilometres = await XpKilometresAsync(athlete);
            Assert.Equal(Enumerable.Range(1, expectedKm), kilometres.Order());
        }
        finally
        {
            await host.DisposeAsync();
            TestContext.Current.AddAttachment("host-output.log", File.ReadAllText(host.LogPath));
        }
    }

    private static async Task<bool> TrySendAsync(FitnessDriverClient athlete, Guid activityId, Sample[] batch)
    {
        try
        {
            await athlete.PostSamplesAsync(activityId, "watch", batch);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ApiProblemException { Status: System.Net.HttpStatusCode.ServiceUnavailable })
        {
            return false;
        }
    }

    private static async Task<List<int>> XpKilometresAsync(FitnessDriverClient athlete)
    {
        var kilometres = new List<int>();
        string? cursor = null;
        while (true)
        {
            var page = await athlete.GetNotificationsAsync(cursor);
            kilometres.AddRange(page.Items.Where(i => i.Type == AchievementTypes.Xp).Select(i => i.Payload["km"]!.GetValue<int>()));
            if (page.Items.Count == 0)
                return kilometres;
            cursor = page.Cursor;
        }
    }
}
