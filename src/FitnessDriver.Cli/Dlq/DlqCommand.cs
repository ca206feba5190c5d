using System.CommandLine;
using Confluent.Kafka;
using FitnessDriver.EventLog;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace FitnessDriver.Cli.Dlq;

/// <summary>
/// <c>fd dlq list|replay</c>: what a dead-letter topic holds and why, and putting it back on its origin topic once the
/// cause is fixed. Works on Kafka (<c>--kafka</c>) or on a stopped host's embedded log (<c>--data-dir</c>).
/// </summary>
internal static class DlqCommand
{
    public const string DefaultGroup = "fd-dlq-replay";

    /// <param name="configuration">Where <c>EventLog__Kafka__*</c> and <c>EventLog__Embedded__*</c> settings come from (the environment).</param>
    /// <param name="console">Where output goes.</param>
    public static Command Create(IConfiguration configuration, IAnsiConsole console)
    {
        var list = new Command("list", "Show the records of a dead-letter topic: error, origin topic/partition/offset, when it failed.");
        var limit = new Option<int>("--limit") { Description = "Records to show at most (all are counted).", DefaultValueFactory = _ => 100 };
        limit.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--limit must be at least 1."); });
        var listOptions = new LogOptions(list);
        list.Add(limit);
        list.SetAction((parse, cancellationToken) =>
            RunAsync(listOptions, parse, configuration, console, (log, topic, ct) => ListAsync(log, topic, parse.GetValue(limit), console, ct), cancellationToken));

        var replay = new Command("replay",
            "Append each record of a dead-letter topic to its origin topic again (same key, value and own headers) and commit the progress in a group of its own, " +
            "so a second replay does not repeat it. Consumers are idempotent: a record replayed twice changes nothing.");
        var group = new Option<string>("--group") { Description = "Consumer group that records how far replays got.", DefaultValueFactory = _ => DefaultGroup };
        var replayOptions = new LogOptions(replay);
        replay.Add(group);
        replay.SetAction((parse, cancellationToken) =>
            RunAsync(replayOptions, parse, configuration, console, (log, topic, ct) => ReplayAsync(log, topic, parse.GetValue(group)!, console, ct), cancellationToken));

        return new Command("dlq", "Dead-letter topics: list what failed and why, replay it after a fix.") { list, replay };
    }

    private static async Task<int> RunAsync(LogOptions options, ParseResult parse, IConfiguration configuration, IAnsiConsole console,
        Func<DeadLetterLog, string, CancellationToken, Task<int>> run, CancellationToken cancellationToken)
    {
        var topic = parse.GetValue(options.Topic)!;
        using var warnings = new Warnings();
        using var logging = warnings.Factory();
        try
        {
            await using var log = parse.GetValue(options.Kafka) is { } kafka
                ? DeadLetterLog.OpenKafka(kafka, configuration, logging)
                : DeadLetterLog.OpenEmbedded(parse.GetValue(options.DataDirectory)!.FullName, configuration, logging);
            log.EnsureExists(topic);
            return await run(log, topic, cancellationToken);
        }
        // A wrong address, setting or folder is the operator's to fix: say what is wrong, without a stack trace.
        catch (Exception e) when (e is EventLogUnavailableException or InvalidOperationException or ArgumentException or IOException or KafkaException)
        {
            console.MarkupLineInterpolated($"[red]{e.Message}[/]");
            foreach (var warning in warnings.Messages)
                console.MarkupLineInterpolated($"[grey]  {warning}[/]");
            return 2;
        }
    }

    private static async Task<int> ListAsync(DeadLetterLog log, string topic, int limit, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("Position", "Origin", "Group", "Failed at", "Error", "Key", "Bytes");
        var count = 0;
        await foreach (var letter in DeadLetterReader.ReadAsync(log.Log, topic, TimeSpan.FromSeconds(30), cancellationToken))
        {
            if (++count > limit)
                continue;
            table.AddRow(letter.Position, Markup.Escape(letter.Origin), Markup.Escape(letter.Group ?? ""), Markup.Escape(letter.FailedAt ?? ""),
                $"[red]{Markup.Escape(letter.ErrorType ?? "")}[/]: {Markup.Escape(letter.Error ?? "")}", Markup.Escape(letter.Record.Key),
                letter.Record.Value.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (count == 0)
        {
            console.MarkupLineInterpolated($"{topic} is empty.");
            return 0;
        }

        console.Write(table);
        console.MarkupLineInterpolated($"{count} record(s) in {topic}{(count > limit ? $", the first {limit} shown" : "")}. Replay them with: fd dlq replay --topic {topic} …");
        return 0;
    }

    private static async Task<int> ReplayAsync(DeadLetterLog log, string topic, string group, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var replay = new DeadLetterReplay(log.Log, topic, group);
        log.EnsureExists(replay.Origin);
        long replayed = 0;
        await console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape($"{topic} → {replay.Origin}"), maxValue: 1);
                replayed = await replay.RunAsync(new Progress(task), cancellationToken);
                task.Value = task.MaxValue;
            });
        if (replayed == 0)
            console.MarkupLineInterpolated($"Nothing to replay: group {group} is at the end of {topic}.");
        else
            console.MarkupLineInterpolated($"[green]Replayed {replayed} record(s) from {topic} to {replay.Origin}[/]; group {group} is at the end of {topic}.");
        return 0;
    }

    private sealed class Progress(ProgressTask task) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value)
        {
            task.Value = value.Fraction;
            task.Description = Markup.Escape($"{value.Replayed} replayed");
        }
    }

    /// <summary>Options both commands take: where the log is and which dead-letter topic.</summary>
    private sealed class LogOptions
    {
        public LogOptions(Command command)
        {
            Kafka = new Option<string?>("--kafka") { Description = "Kafka bootstrap servers (host:port,…). Other settings: EventLog__Kafka__* variables, as for the services." };
            DataDirectory = new Option<DirectoryInfo?>("--data-dir") { Description = "Instead of Kafka: the data directory of a stopped all-in-one host (FD_DATA_DIR)." };
            Topic = new Option<string>("--topic") { Description = "The dead-letter topic, e.g. telemetry.samples.dlq.", Required = true };
            Topic.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<string>() is not { } topic || !topic.EndsWith(".dlq", StringComparison.Ordinal) || topic.Length <= 4)
                    r.AddError("--topic must name a dead-letter topic: <topic>.dlq.");
            });
            command.Add(Kafka);
            command.Add(DataDirectory);
            command.Add(Topic);
            command.Validators.Add(r =>
            {
                if ((r.GetValue(Kafka) is null) == (r.GetValue(DataDirectory) is null))
                    r.AddError("Give either --kafka <bootstrap servers> or --data-dir <host data directory>.");
            });
        }

        public Option<string?> Kafka { get; }

        public Option<DirectoryInfo?> DataDirectory { get; }

        public Option<string> Topic { get; }
    }
}
