using FitnessDriver.Client;
using Spectre.Console;

namespace FitnessDriver.Cli.Cost;

/// <summary>What an open notification WebSocket with nothing to push costs: CPU per hour and memory.</summary>
internal sealed record IdleWebSocketResult(int Sockets, double CpuSecondsPerHour, double BytesEach, double IdleCpuPerSecond);

/// <summary>
/// Holds notification WebSockets open without traffic for a while, after as long a while without them: the
/// difference in CPU, and the managed heap they keep (both ends of each socket live in this process).
/// </summary>
internal static class IdleWebSockets
{
    private const int ConnectConcurrency = 16;

    public static async Task<IdleWebSocketResult> MeasureAsync(IReadOnlyList<FitnessDriverClient> athletes, int sockets, TimeSpan hold, CpuMeter meter,
        CancellationToken cancellationToken)
    {
        var feeds = new NotificationFeed[sockets];
        try
        {
            return await AnsiConsole.Status().StartAsync($"Idle WebSockets: {hold.TotalSeconds:N0} s without, then {sockets:N0} open for as long…", async _ =>
            {
                var baseline = await CpuAboveIdle.CalibrateAsync(meter, hold, cancellationToken);
                var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
                await Parallel.ForEachAsync(Enumerable.Range(0, sockets), new ParallelOptions { MaxDegreeOfParallelism = ConnectConcurrency, CancellationToken = cancellationToken },
                    async (i, ct) => feeds[i] = await athletes[i % athletes.Count].OpenNotificationFeedAsync(ct));
                var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
                var (_, used) = await baseline.MeasureAsync(async () =>
                {
                    await Task.Delay(hold, cancellationToken);
                    return sockets;
                });
                return new IdleWebSocketResult(sockets, Math.Max(0, used.Total.TotalSeconds) / sockets / hold.TotalHours, Math.Max(0, heapAfter - heapBefore) / (double)sockets,
                    baseline.IdleCpuPerSecond);
            });
        }
        finally
        {
            await Task.WhenAll(feeds.Where(f => f is not null).Select(f => f.DisposeAsync().AsTask()));
        }
    }
}
