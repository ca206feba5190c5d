using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FitnessDriver.Cli.Simulate;

/// <summary>The live table of a running simulation; a progress line every few seconds when the output is not a terminal.</summary>
internal sealed class LiveView(SimulationStats stats, SimulationSettings settings, long started)
{
    private long lastSent, lastAcknowledged;
    private TimeSpan lastElapsed;

    public async Task ShowUntilAsync(Task finished, CancellationToken cancellationToken)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            while (!finished.IsCompleted)
            {
                await Task.WhenAny(finished, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));
                var elapsed = Stopwatch.GetElapsedTime(started);
                AnsiConsole.WriteLine(
                    $"[{elapsed.TotalSeconds,5:0}s] sent {stats.SamplesSent:N0}  acknowledged {stats.SamplesAcknowledged:N0}  " +
                    $"level-ups {stats.LevelUps:N0}  xp {stats.XpNotifications:N0}  latency p50 {Ms(stats.Latency(50))} p99 {Ms(stats.Latency(99))}");
            }

            return;
        }

        await AnsiConsole.Live(Render()).AutoClear(false).StartAsync(async context =>
        {
            while (!finished.IsCompleted)
            {
                await Task.WhenAny(finished, Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken));
                context.UpdateTarget(Render());
            }
        });
    }

    public static string Ms(double? value) => value is { } v ? $"{v:N0} ms" : "–";

    private IRenderable Render()
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        var interval = (elapsed - lastElapsed).TotalSeconds;
        var sentRate = interval > 0 ? (stats.SamplesSent - lastSent) / interval : 0;
        var acknowledgedRate = interval > 0 ? (stats.SamplesAcknowledged - lastAcknowledged) / interval : 0;
        (lastSent, lastAcknowledged, lastElapsed) = (stats.SamplesSent, stats.SamplesAcknowledged, elapsed);

        var progress = Math.Min(1, elapsed.TotalSeconds / settings.Duration.TotalSeconds);
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]fd simulate[/] — {stats.AthletesReady}/{settings.Athletes} athletes — {elapsed.TotalSeconds:0}/{settings.Duration.TotalSeconds:0} s")
            .AddColumn("").AddColumn(new TableColumn("per second").RightAligned()).AddColumn(new TableColumn("total").RightAligned());
        table.AddRow("Samples sent", $"{sentRate:N0}", $"{stats.SamplesSent:N0}");
        table.AddRow("Samples acknowledged", $"{acknowledgedRate:N0}", $"{stats.SamplesAcknowledged:N0}");
        table.AddRow("Retries / failed batches", "", $"{stats.Retries} / {stats.FailedBatches}");
        table.AddRow("Kilometres crossed", "", $"{stats.Kilometres:N0}");
        table.AddRow("XP notifications", "", $"{stats.XpNotifications:N0}");
        table.AddRow("Level-ups (WebSocket)", "", $"[green]{stats.LevelUps:N0}[/]");
        table.AddRow("Latency sample → notification", "p50 " + Ms(stats.Latency(50)), "p99 " + Ms(stats.Latency(99)));
        return new Rows(table, new BreakdownChart().Width(60)
            .AddItem("done", Math.Round(progress * 100), Color.Green)
            .AddItem("left", Math.Round((1 - progress) * 100), Color.Grey));
    }
}
