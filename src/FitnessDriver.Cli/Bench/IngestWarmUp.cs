using System.CommandLine;
using System.Diagnostics;
using System.Runtime;
using FitnessDriver.Cli.Cost;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>What the warm-up did: rows stored and methods compiled over its rounds.</summary>
internal sealed record IngestWarmUpResult(int Rounds, long Stored, long CompiledMethods);

/// <summary>
/// Brings a freshly started host to the state a long-running one is in before the timed run: athletes of its own (new
/// ones each round) send rides of <see cref="IngestBenchmarkSettings.WarmUpSeconds"/> that end before the timed rides
/// begin, then nothing is sent until the JIT has finished the optimised code the load asked for. The writer then runs
/// many small transactions (see <see cref="WriterWarmUp"/>), so its once-a-transaction code is optimised too, the JIT
/// settles again, and the database is vacuumed and analysed (see <see cref="SampleStorage.VacuumAsync"/>). Under full load the
/// JIT's background thread gets a small share of the two cores, so a cold host runs much of its work in unoptimised
/// code for tens of seconds; rounds repeat until one compiles few new methods.
/// </summary>
/// <param name="settings">The timed run's settings; its rides start where this one's end.</param>
/// <param name="http">The host's API.</param>
/// <param name="storage">Where the stored samples are counted.</param>
/// <param name="cpu">Reads CPU time (not reported: nothing here is timed).</param>
/// <param name="earlier">How much earlier than the timed rides the warm-up's are recorded, to keep them out of the timed rides' chunks.</param>
internal sealed class IngestWarmUp(IngestBenchmarkSettings settings, HttpClient http, SampleStorage storage, CpuMeter cpu, TimeSpan earlier = default)
{
    private const int MaxRounds = 3;
    private const int SettledBelow = 50;
    private static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SettleAtMost = TimeSpan.FromSeconds(30);

    /// <summary>The <c>--warm-up</c> option of the commands that time ingest on a host they start.</summary>
    public static Option<int> Option(int defaultSeconds)
    {
        var option = new Option<int>("--warm-up")
        {
            Description = "Length in seconds of the rides other athletes send before ingest is timed, in rounds until the JIT settles, so a fresh host is timed as a long-running one; 0 times it cold.",
            DefaultValueFactory = _ => defaultSeconds,
        };
        option.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 0 or > 3_600) r.AddError("--warm-up must be between 0 and 3600."); });
        return option;
    }

    public async Task<IngestWarmUpResult> RunAsync(CancellationToken cancellationToken)
    {
        var rides = settings with { Seconds = settings.WarmUpSeconds };
        var stored = 0L;
        var compiledBefore = JitInfo.GetCompiledMethodCount();
        var start = LiveIngest.StartMilliseconds(settings) - (long)earlier.TotalMilliseconds - (settings.WarmUpSeconds + 600) * 1000L;
        var (round, compiled) = (0, 0L);
        do
        {
            round++;
            var roundBefore = JitInfo.GetCompiledMethodCount();
            var run = await new LiveIngest(rides, http, storage, cpu, start, $"Warm-up {round}: ").RunAsync(cancellationToken);
            stored += run.Stored;
            await AnsiConsole.Status().StartAsync($"Warm-up {round}: waiting for the JIT to settle…", async _ => await SettleAsync(cancellationToken));
            compiled = JitInfo.GetCompiledMethodCount() - roundBefore;
            AnsiConsole.MarkupLine($"Warm-up {round}: {run.Stored:N0} rows stored, {compiled:N0} methods compiled.");
        }
        while (compiled >= SettledBelow && round < MaxRounds);

        stored += await new WriterWarmUp(settings, http, storage, start - (long)WriterWarmUp.RideLength(settings).TotalMilliseconds).RunAsync(cancellationToken);
        await AnsiConsole.Status().StartAsync("Warm-up: waiting for the JIT to settle…", async _ => await SettleAsync(cancellationToken));
        await AnsiConsole.Status().StartAsync("Warm-up: vacuuming and analysing what it stored…", async _ => await storage.VacuumAsync(cancellationToken));
        return new IngestWarmUpResult(round, stored, JitInfo.GetCompiledMethodCount() - compiledBefore);
    }

    /// <summary>Waits until no method was compiled for <see cref="QuietFor"/>, or <see cref="SettleAtMost"/>.</summary>
    private static async Task SettleAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var last = JitInfo.GetCompiledMethodCount();
        while (Stopwatch.GetElapsedTime(started) < SettleAtMost)
        {
            await Task.Delay(QuietFor, cancellationToken);
            var now = JitInfo.GetCompiledMethodCount();
            if (now == last)
                return;
            last = now;
        }
    }
}
