using System.Diagnostics;
using FitnessDriver.Cli.Cost;
using FitnessDriver.Cli.Simulate;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.TimeSeries;
using Npgsql;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>What a COPY baseline measured.</summary>
internal sealed record CopyBaselineResult(long Rows, TimeSpan Wall, CpuTime Cpu)
{
    /// <summary>Both runs as one: their rows over their time together.</summary>
    public static CopyBaselineResult operator +(CopyBaselineResult left, CopyBaselineResult right) =>
        new(left.Rows + right.Rows, left.Wall + right.Wall, left.Cpu + right.Cpu);
}

/// <summary>
/// The raw baseline: the same rows (same athletes' recordings, same columns) written with one binary COPY into a plain
/// table with the columns and primary key of <c>timeseries.samples</c>, in the same database, timed from the COPY's start
/// to its commit, with the rows generated beforehand. The table is dropped afterwards so it does not count in the samples' size.
/// The benchmark runs it right before each live round and right after it: the machine's speed drifts over a run (other
/// work on its cores, the database's own background work), and the two together cancel what drifts between the phases.
/// </summary>
internal static class CopyBaseline
{
    private const string Table = "timeseries.ingest_copy_baseline";

    public static async Task<CopyBaselineResult> RunAsync(IngestBenchmarkSettings settings, SampleStorage storage, bool withPositions, CpuMeter cpu,
        string label, CancellationToken cancellationToken)
    {
        var start = LiveIngest.StartMilliseconds(settings);
        var athleteIds = Enumerable.Range(0, settings.Athletes).Select(_ => Guid.NewGuid()).ToArray();
        var activityIds = Enumerable.Range(0, settings.Athletes).Select(_ => Guid.NewGuid()).ToArray();
        await using var connection = await storage.DataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {Table}", cancellationToken);
        // LIKE of a partitioned table or hypertable gives a plain table with the same columns, defaults and indexes (the primary key among them).
        await ExecuteAsync(connection, $"CREATE TABLE {Table} (LIKE timeseries.samples INCLUDING ALL)", cancellationToken);
        try
        {
            var wall = TimeSpan.Zero;
            var used = default(CpuTime);
            await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var generating = progress.AddTask($"Baseline {label}: generating {settings.Samples:N0} rows", maxValue: settings.Athletes);
                    var recordings = new Sample[settings.Athletes][];
                    for (var i = 0; i < settings.Athletes; i++)
                    {
                        var workout = new Workout(Sport.Ride, start, i);
                        recordings[i] = [.. Enumerable.Range(0, settings.Seconds).Select(_ => workout.Next())];
                        generating.Increment(1);
                    }

                    // Timed: the COPY and its commit only, the rows being ready in memory.
                    var task = progress.AddTask($"Baseline {label}: binary COPY of {settings.Samples:N0} rows", maxValue: settings.Samples);
                    var cpuBefore = cpu.Read();
                    var started = Stopwatch.GetTimestamp();
                    await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                    await using (var copy = await SampleCopy.BeginAsync(connection, Table, cancellationToken))
                    {
                        for (var i = 0; i < settings.Athletes; i++)
                        {
                            var deviceId = $"ingest-{DeviceKinds.BikeComputer}-{i + 1}";
                            foreach (var sample in recordings[i])
                                await SampleCopy.WriteAsync(copy, activityIds[i], deviceId, athleteIds[i], sample, withPositions, cancellationToken);
                            task.Increment(settings.Seconds);
                        }

                        await copy.CompleteAsync(cancellationToken);
                    }

                    await transaction.CommitAsync(cancellationToken);
                    wall = Stopwatch.GetElapsedTime(started);
                    used = cpu.Read() - cpuBefore;
                });
            return new CopyBaselineResult(settings.Samples, wall, used);
        }
        finally
        {
            await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {Table}", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
