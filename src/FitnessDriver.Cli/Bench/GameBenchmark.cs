using Microsoft.Extensions.Configuration;

namespace FitnessDriver.Cli.Bench;

/// <summary>What <c>fd bench game</c> runs.</summary>
/// <param name="Participants">Participants of the challenge, the API's athletes included.</param>
/// <param name="Requests">Timed requests of each kind of leaderboard page.</param>
/// <param name="Athletes">Athletes signed up through the API who join the challenge, read pages around themselves and climb.</param>
/// <param name="Updates">Uploads each of them makes, each timed until the leaderboard shows it.</param>
/// <param name="PollInterval">Pause between leaderboard reads while waiting for an upload to show.</param>
/// <param name="FloodAthletes">Athletes of the flood fairness runs; zero leaves them out.</param>
/// <param name="FloodDuration">Length of each flood fairness run.</param>
internal sealed record GameBenchmarkSettings(int Participants, int Requests, int Athletes, int Updates, TimeSpan PollInterval, int FloodAthletes, TimeSpan FloodDuration);

/// <summary>
/// The game at scale, on a host and private PostgreSQL started here: leaderboard page time in a challenge of N
/// participants, how soon an upload's new rank shows, and (optionally) whether one athlete's flood of achievements
/// delays the others' notifications. Prints the figures next to the product's goals.
/// </summary>
internal sealed class GameBenchmark(GameBenchmarkSettings settings)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("fd-bench-game-");
        try
        {
            var host = await BenchHost.StartAsync(data.FullName, "Starting the host and its PostgreSQL…", cancellationToken, BenchHost.NoRateLimits);
            await using (host)
            {
                var url = new Uri(host.Urls.First());
                using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
                var database = host.App.Configuration.GetConnectionString("Gamification")
                    ?? throw new InvalidOperationException("The bench host has no Gamification connection string.");
                var challenge = await ChallengeSetup.PrepareAsync(http, database, settings.Participants, settings.Athletes, cancellationToken);
                var (top, aroundMe) = await LeaderboardTimings.MeasureAsync(challenge, settings.Requests, cancellationToken);
                var ranks = await RankUpdateLatency.MeasureAsync(challenge, settings.Updates, settings.PollInterval, cancellationToken);
                var flood = settings.FloodAthletes > 0 ? await FloodFairness.MeasureAsync(url, settings.FloodAthletes, settings.FloodDuration, cancellationToken) : [];
                GameReport.Print(settings, top, aroundMe, ranks, flood);
                return ranks.TimedOut == 0 ? 0 : 1;
            }
        }
        finally
        {
            await BenchHost.RemoveAsync(data.FullName);
        }
    }
}
