using System.Text.Json;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using Spectre.Console;

namespace FitnessDriver.Cli.Cost;

/// <summary>What reading recordings back cost: samples read, response bytes, and the CPU above idle.</summary>
internal sealed record StreamReadResult(long Samples, long Bytes, CpuTime Cpu);

/// <summary>Each recording's owner reads its 1 s streams (every channel) back through the API, as the app does to show a finished ride.</summary>
internal static class StreamReads
{
    private const int Concurrency = 8;

    public static async Task<StreamReadResult> MeasureAsync(IReadOnlyList<(FitnessDriverClient Client, Guid ActivityId)> recordings, CpuAboveIdle cpu,
        CancellationToken cancellationToken)
    {
        var bodies = new byte[recordings.Count][];
        var (_, used) = await AnsiConsole.Status().StartAsync($"Reading {recordings.Count:N0} recordings back at 1 s…", _ => cpu.MeasureAsync(async () =>
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, recordings.Count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var (client, activityId) = recordings[i];
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/activities/{activityId}/streams?resolution=1s");
                    using var response = await client.SendAsync(request, ct);
                    response.EnsureSuccessStatusCode();
                    bodies[i] = await response.Content.ReadAsByteArrayAsync(ct);
                });
            return bodies.Length;
        }));
        // Counted after the measurement: parsing is the app's work, not the platform's.
        var samples = bodies.Sum(b => (long)(JsonSerializer.Deserialize<ActivityStreams>(b, ContractJson.Options)?.T.Count ?? 0));
        return new StreamReadResult(samples, bodies.Sum(b => (long)b.Length), used);
    }
}
