using System.Diagnostics;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>How long a leaderboard page takes, one request at a time: the top page, and the page around the caller.</summary>
internal static class LeaderboardTimings
{
    /// <summary>Entries on a page, as the app asks for them.</summary>
    public const int PageSize = 50;

    private const int WarmUp = 20;

    public static async Task<(LatencyFigures Top, LatencyFigures AroundMe)> MeasureAsync(SeededChallenge challenge, int requests, CancellationToken cancellationToken)
    {
        var random = new Random(7);
        var top = new double[requests];
        var aroundMe = new double[requests];
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var warmUp = progress.AddTask("Warm-up pages (not counted)", maxValue: 2 * WarmUp);
                for (var i = 0; i < WarmUp; i++)
                {
                    await TimeAsync(Pick(challenge, random), aroundMe: false);
                    await TimeAsync(Pick(challenge, random), aroundMe: true);
                    warmUp.Increment(2);
                }

                var topTask = progress.AddTask($"{requests:N0} × top page (limit={PageSize})", maxValue: requests);
                for (var i = 0; i < requests; i++)
                {
                    top[i] = await TimeAsync(Pick(challenge, random), aroundMe: false);
                    topTask.Increment(1);
                }

                var aroundTask = progress.AddTask($"{requests:N0} × page around a random athlete (around=me)", maxValue: requests);
                for (var i = 0; i < requests; i++)
                {
                    aroundMe[i] = await TimeAsync(Pick(challenge, random), aroundMe: true);
                    aroundTask.Increment(1);
                }
            });
        return (LatencyFigures.Of(top), LatencyFigures.Of(aroundMe));

        async Task<double> TimeAsync(ChallengeAthlete athlete, bool aroundMe)
        {
            var sent = Stopwatch.GetTimestamp();
            var page = await athlete.Client.GetLeaderboardAsync(challenge.ChallengeId, PageSize, aroundMe, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            if (page.Count == 0 || (aroundMe && page.All(e => e.AthleteId != athlete.Client.AthleteId)))
                throw new InvalidOperationException($"The leaderboard answered {page.Count} entries{(aroundMe ? " without the caller" : "")}.");
            return elapsed;
        }
    }

    private static ChallengeAthlete Pick(SeededChallenge challenge, Random random) => challenge.Athletes[random.Next(challenge.Athletes.Count)];
}
