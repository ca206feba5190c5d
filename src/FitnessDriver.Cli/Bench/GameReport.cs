using System.Globalization;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>The tables of <c>fd bench game</c>.</summary>
internal static class GameReport
{
    /// <summary>The product's goal for a leaderboard page at 50,000 participants.</summary>
    private const double PageGoalMs = 50;

    /// <summary>The product's goal for a new rank to show after its samples are acknowledged.</summary>
    private const double RankGoalMs = 1000;

    public static void Print(GameBenchmarkSettings settings, LatencyFigures top, LatencyFigures aroundMe, RankUpdateResult ranks, IReadOnlyList<FloodRun> flood)
    {
        var table = new Table()
            .Title($"[bold]Challenge of {settings.Participants:N0} participants ({settings.Athletes} through the API), times in ms[/]")
            .AddColumns("measure", "n").AddColumns(new TableColumn("p50").RightAligned(), new TableColumn("p95").RightAligned(),
                new TableColumn("p99").RightAligned(), new TableColumn("max").RightAligned()).AddColumn("goal: p95 within");
        Row(table, $"Top page (limit={LeaderboardTimings.PageSize})", top, PageGoalMs);
        Row(table, "Page around=me", aroundMe, PageGoalMs);
        Row(table, "New rank shown after ack", ranks.Visible, RankGoalMs);
        AnsiConsole.Write(table);
        var climbed = ranks.RanksClimbed.Order().ToArray();
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"Each upload ({RankUpdateLatency.SamplesPerUpdate} s, {RankUpdateLatency.SamplesPerUpdate * ChallengeAthlete.Speed:N0} m) moved its athlete up a median of {(climbed.Length == 0 ? 0 : climbed[climbed.Length / 2]):N0} places; {ranks.Polls:N0} pages read while waiting, every {settings.PollInterval.TotalMilliseconds:N0} ms; not shown within {RankUpdateLatency.Timeout.TotalSeconds:N0} s: {ranks.TimedOut}.");
        if (flood.Count == 0)
            return;

        var fairness = new Table()
            .Title($"[bold]Flood fairness, {settings.FloodAthletes} athletes × {settings.FloodDuration.TotalSeconds:N0} s: sample → XP notification, ms[/]")
            .AddColumns("run", "notifications").AddColumns(new TableColumn("p50").RightAligned(), new TableColumn("p95").RightAligned(),
                new TableColumn("p99").RightAligned(), new TableColumn("max").RightAligned()).AddColumn("all stored");
        foreach (var run in flood)
        {
            fairness.AddRow(run.Flood ? "1,000 km flood" : "no flood", run.Latency.Count.ToString("N0", CultureInfo.InvariantCulture),
                LatencyFigures.Ms(run.Latency.P50), LatencyFigures.Ms(run.Latency.P95), LatencyFigures.Ms(run.Latency.P99), LatencyFigures.Ms(run.Latency.Max),
                run.Complete ? "yes" : "[red]no[/]");
        }

        AnsiConsole.Write(fairness);
        AnsiConsole.MarkupLine("Latency is the other athletes' sample → XP notification; the flooding athlete's own is not counted.");
    }

    private static void Row(Table table, string measure, LatencyFigures figures, double goalMs) =>
        table.AddRow(measure, figures.Count.ToString("N0", CultureInfo.InvariantCulture), LatencyFigures.Ms(figures.P50), LatencyFigures.Ms(figures.P95),
            LatencyFigures.Ms(figures.P99), LatencyFigures.Ms(figures.Max),
            string.Create(CultureInfo.InvariantCulture, $"{goalMs:N0}: {(figures.Count > 0 && figures.P95 <= goalMs ? "[green]yes[/]" : "[red]no[/]")}"));
}
