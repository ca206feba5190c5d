using System.Diagnostics;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>What the rank updates measured.</summary>
/// <param name="Visible">From the samples' acknowledgement to the first leaderboard page showing the new distance, ms.</param>
/// <param name="RanksClimbed">How many places each update moved its athlete up.</param>
/// <param name="TimedOut">Updates whose distance the leaderboard did not show within the timeout.</param>
/// <param name="Polls">Leaderboard pages read while waiting.</param>
internal sealed record RankUpdateResult(LatencyFigures Visible, double[] RanksClimbed, int TimedOut, int Polls);

/// <summary>
/// Rank-update latency: the API's athletes take turns to upload a batch of their ride (one at a time, so each figure is
/// the platform's, not a queue of them), then read the page around them every poll interval until it shows the
/// distance the batch brought. The time runs from the upload's 2xx to the answer that shows it.
/// </summary>
internal static class RankUpdateLatency
{
    /// <summary>Seconds of ride per upload: 300 m at <see cref="ChallengeAthlete.Speed"/>, a move of a hundred places or more.</summary>
    public const int SamplesPerUpdate = 20;

    /// <summary>How long an upload may take to show before it counts as not shown.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<RankUpdateResult> MeasureAsync(SeededChallenge challenge, int updatesPerAthlete, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var visible = new List<double>();
        var climbed = new List<double>();
        var timedOut = 0;
        var polls = 0;
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"{challenge.Athletes.Count} athletes × {updatesPerAthlete} uploads, each until its rank shows",
                    maxValue: challenge.Athletes.Count * updatesPerAthlete);
                for (var update = 0; update < updatesPerAthlete; update++)
                {
                    foreach (var athlete in challenge.Athletes)
                    {
                        var before = await OwnEntryAsync(challenge, athlete, cancellationToken);
                        await athlete.Client.PostSamplesAsync(athlete.ActivityId, "bench-bike-computer", athlete.NextBatch(SamplesPerUpdate), DeviceKinds.BikeComputer,
                            cancellationToken);
                        var acknowledged = Stopwatch.GetTimestamp();
                        while (true)
                        {
                            var entry = await OwnEntryAsync(challenge, athlete, cancellationToken);
                            polls++;
                            var elapsed = Stopwatch.GetElapsedTime(acknowledged);
                            if (entry?.DistanceM >= athlete.ExpectedDistanceM - 1)
                            {
                                visible.Add(elapsed.TotalMilliseconds);
                                if (before is not null)
                                    climbed.Add(before.Rank - entry.Rank);
                                break;
                            }

                            if (elapsed > Timeout)
                            {
                                timedOut++;
                                break;
                            }

                            await Task.Delay(pollInterval, cancellationToken);
                        }

                        task.Increment(1);
                    }
                }
            });
        return new RankUpdateResult(LatencyFigures.Of(visible), [.. climbed], timedOut, polls);
    }

    private static async Task<LeaderboardEntry?> OwnEntryAsync(SeededChallenge challenge, ChallengeAthlete athlete, CancellationToken cancellationToken) =>
        (await athlete.Client.GetLeaderboardAsync(challenge.ChallengeId, LeaderboardTimings.PageSize, aroundMe: true, cancellationToken))
        .FirstOrDefault(e => e.AthleteId == athlete.Client.AthleteId);
}
