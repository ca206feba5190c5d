using FitnessDriver.Cli.Simulate;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>One simulation run of <see cref="FloodFairness"/>.</summary>
/// <param name="Flood">Whether an athlete uploaded 1,000 km at once during the run.</param>
/// <param name="Latency">The others' sample → notification latency, ms; its count is the XP notifications they received.</param>
/// <param name="Complete">Every batch acknowledged, stored and notified by the end of the run.</param>
internal sealed record FloodRun(bool Flood, LatencyFigures Latency, bool Complete);

/// <summary>
/// Fairness under a flood: the <c>fd simulate</c> load on the bench host twice, first as a baseline, then while one more
/// athlete uploads 1,000 km of samples at once (<c>--flood</c>); the others' sample → notification latency of both.
/// </summary>
internal static class FloodFairness
{
    private const int Speedup = 20;

    public static async Task<IReadOnlyList<FloodRun>> MeasureAsync(Uri host, int athletes, TimeSpan duration, CancellationToken cancellationToken)
    {
        var runs = new List<FloodRun>();
        foreach (var flood in new[] { false, true })
        {
            AnsiConsole.MarkupLine(flood ? "[bold]Flood run[/]: the same load while one athlete uploads 1,000 km at once" : "[bold]Baseline run[/]: no flood");
            var simulation = new Simulation(new SimulationSettings(host, athletes, duration, Speedup, flood));
            var exitCode = await simulation.RunAsync(cancellationToken);
            var stats = simulation.Stats;
            var latencies = new LatencyFigures((int)stats.XpNotifications, stats.Latency(50) ?? 0, stats.Latency(95) ?? 0, stats.Latency(99) ?? 0, stats.Latency(100) ?? 0);
            runs.Add(new FloodRun(flood, latencies, exitCode == 0));
        }

        return runs;
    }
}
