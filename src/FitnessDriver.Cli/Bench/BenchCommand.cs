using System.CommandLine;
using FitnessDriver.Host;

namespace FitnessDriver.Cli.Bench;

/// <summary><c>fd bench …</c>: benchmarks that print figures next to a baseline measured in the same run.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var size = new Option<int>("--size-mb") { Description = "Size of the generated FIT file in MB.", DefaultValueFactory = _ => 30 };
        var runs = new Option<int>("--runs") { Description = "Runs of each phase; the best is reported.", DefaultValueFactory = _ => 3 };
        size.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 2000) r.AddError("--size-mb must be between 1 and 2000."); });
        runs.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 20) r.AddError("--runs must be between 1 and 20."); });
        var decode = new Command("decode", "Decode throughput (records/s) and peak memory for a generated FIT file, against reading it with its CRC.") { size, runs };
        decode.SetAction(parse => new DecodeBenchmark(parse.GetValue(size), parse.GetValue(runs)).Run());
        return new Command("bench", "Benchmarks.") { decode, Burst(), Sealing(), Archive(), Game(), Ingest(), Segments(), Reads(), Feed(), Group() };
    }

    private static Command Sealing()
    {
        var athletes = new Option<int>("--athletes", "-n") { Description = "Athletes recording at once.", DefaultValueFactory = _ => 200 };
        var batches = new Option<int>("--batches") { Description = "Batches each athlete sends in the measured phase.", DefaultValueFactory = _ => 30 };
        var samples = new Option<int>("--samples") { Description = "Samples per batch (1 Hz, with GPS).", DefaultValueFactory = _ => 60 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at most.", DefaultValueFactory = _ => 64 };
        var rounds = new Option<int>("--rounds") { Description = "Times both modes run, alternating.", DefaultValueFactory = _ => 2 };
        athletes.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100_000) r.AddError("--athletes must be between 1 and 100000."); });
        batches.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 10_000) r.AddError("--batches must be between 1 and 10000."); });
        samples.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 10_000) r.AddError("--samples must be between 1 and 10000."); });
        concurrency.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 4096) r.AddError("--concurrency must be between 1 and 4096."); });
        rounds.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 10) r.AddError("--rounds must be between 1 and 10."); });
        var sealing = new Command("sealing", "What encrypting athletes' data costs: live recording with sealing off (baseline) and on, each on a host and PostgreSQL of its own started here.")
        {
            athletes, batches, samples, concurrency, rounds,
        };
        sealing.SetAction((parse, cancellationToken) => new SealingBenchmark(new SealingSettings(parse.GetValue(athletes), parse.GetValue(batches), parse.GetValue(samples),
            parse.GetValue(concurrency), parse.GetValue(rounds))).RunAsync(cancellationToken));
        return sealing;
    }

    private static Command Archive()
    {
        var files = new Option<int>("--files") { Description = "Activity files in the generated archive.", DefaultValueFactory = _ => 10_000 };
        var seconds = new Option<int>("--seconds") { Description = "Length of each ride (1 Hz samples).", DefaultValueFactory = _ => 600 };
        files.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 1_000_000) r.AddError("--files must be between 1 and 1000000."); });
        var padding = new Option<int>("--padding-mb") { Description = "MiB of media (incompressible, skipped by the import) added to the archive, to try a large one.", DefaultValueFactory = _ => 0 };
        seconds.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 2 or > 86_400) r.AddError("--seconds must be between 2 and 86400."); });
        padding.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 0 or > 4000) r.AddError("--padding-mb must be between 0 and 4000."); });
        var archive = new Command("archive", "Bulk history import: files/s, samples/s and peak RSS for a generated archive, against decoding its files without the platform.")
        {
            files, seconds, padding,
        };
        archive.SetAction((parse, cancellationToken) => new ArchiveBenchmark(new ArchiveBenchmarkSettings(parse.GetValue(files), parse.GetValue(seconds),
            parse.GetValue(padding))).RunAsync(cancellationToken));
        return archive;
    }

    private static Command Ingest()
    {
        var athletes = new Option<int>("--athletes", "-n") { Description = "Athletes recording at once, each sending a ride of its own.", DefaultValueFactory = _ => 200 };
        var seconds = new Option<int>("--seconds") { Description = "Length of each ride (1 Hz samples with GPS).", DefaultValueFactory = _ => 600 };
        var batch = new Option<int>("--batch") { Description = "Samples per POST.", DefaultValueFactory = _ => 60 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at most.", DefaultValueFactory = _ => 32 };
        var files = new Option<DirectoryInfo?>("--files") { Description = "Folder of real device files (.fit) imported before sizes are measured; defaults to the repository's testdata/devices." };
        var warmUp = IngestWarmUp.Option(defaultSeconds: 120);
        var rounds = new Option<int>("--rounds")
        {
            Description = "Timed live runs, each with athletes of its own and between two COPY baselines; the verdict is on the median round.",
            DefaultValueFactory = _ => 5,
        };
        rounds.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 20) r.AddError("--rounds must be between 1 and 20."); });
        athletes.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100_000) r.AddError("--athletes must be between 1 and 100000."); });
        // The API takes samples from the activity's start up to 10 minutes ahead; rides are sent from the past.
        seconds.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 86_400) r.AddError("--seconds must be between 1 and 86400."); });
        batch.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 10_000) r.AddError("--batch must be between 1 and 10000."); });
        concurrency.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 4096) r.AddError("--concurrency must be between 1 and 4096."); });
        files.Validators.Add(r => { if (r.GetValueOrDefault<DirectoryInfo?>() is { Exists: false } d) r.AddError($"--files: no folder {d.FullName}."); });
        var format = SampleFormats.Option();
        var services = new Option<string>("--services")
        {
            Description = "ingest: only the services a sample passes on its way to storage (Profiles, Telemetry, TimeSeries), as when the others run on nodes of their own; all: every service, as on one machine.",
            DefaultValueFactory = _ => "ingest",
        };
        services.AcceptOnlyFromAmong("ingest", "all");
        var ingest = new Command("ingest", "Live ingest: stored rows/s end to end through the API against a binary COPY of the same rows, and bytes per stored sample against the device files.")
        {
            athletes, seconds, batch, concurrency, files, format, warmUp, services, rounds,
        };
        ingest.SetAction((parse, cancellationToken) => new IngestBenchmark(new IngestBenchmarkSettings(parse.GetValue(athletes), parse.GetValue(seconds), parse.GetValue(batch),
            parse.GetValue(concurrency), parse.GetValue(files) ?? DeviceFileImport.DefaultFolder(), parse.GetValue(format), parse.GetValue(warmUp),
            parse.GetValue(services) == "all" ? PlatformServices.All : PlatformServices.IngestPath, parse.GetValue(rounds))).RunAsync(cancellationToken));
        return ingest;
    }

    private static Command Game()
    {
        var participants = new Option<int>("--participants") { Description = "Participants of the challenge, the athletes below included.", DefaultValueFactory = _ => 50_000 };
        var requests = new Option<int>("--requests") { Description = "Timed requests of each kind of leaderboard page (top, around=me).", DefaultValueFactory = _ => 200 };
        var athletes = new Option<int>("--athletes", "-n") { Description = "Athletes signed up through the API who join, read pages around themselves and climb.", DefaultValueFactory = _ => 10 };
        var updates = new Option<int>("--updates") { Description = "Uploads (20 s of ride each) every such athlete makes, each timed until its new rank shows.", DefaultValueFactory = _ => 10 };
        var poll = new Option<int>("--poll-ms") { Description = "Milliseconds between leaderboard reads while waiting for an upload to show.", DefaultValueFactory = _ => 20 };
        var floodAthletes = new Option<int>("--flood-athletes") { Description = "Athletes of the flood fairness runs (fd simulate without and with --flood); 0 leaves them out.", DefaultValueFactory = _ => 30 };
        var floodSeconds = new Option<int>("--flood-seconds") { Description = "Length of each flood fairness run, in seconds.", DefaultValueFactory = _ => 30 };
        participants.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 100 or > 10_000_000) r.AddError("--participants must be between 100 and 10000000."); });
        requests.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100_000) r.AddError("--requests must be between 1 and 100000."); });
        athletes.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100) r.AddError("--athletes must be between 1 and 100."); });
        // The ride of each athlete starts when it joins and the API takes samples up to 10 minutes ahead: 25 × 20 s fit.
        updates.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 25) r.AddError("--updates must be between 1 and 25."); });
        poll.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 1000) r.AddError("--poll-ms must be between 1 and 1000."); });
        floodAthletes.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 0 or > 10_000) r.AddError("--flood-athletes must be between 0 and 10000."); });
        floodSeconds.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 5 or > 3600) r.AddError("--flood-seconds must be between 5 and 3600."); });
        var game = new Command("game", "Leaderboard page time in a challenge of N participants, how soon an upload's new rank shows, and the others' notification latency while one athlete floods.")
        {
            participants, requests, athletes, updates, poll, floodAthletes, floodSeconds,
        };
        game.Validators.Add(r =>
        {
            if (r.GetValue(athletes) > r.GetValue(participants))
                r.AddError("--athletes cannot exceed --participants.");
        });
        game.SetAction((parse, cancellationToken) => new GameBenchmark(new GameBenchmarkSettings(parse.GetValue(participants), parse.GetValue(requests),
            parse.GetValue(athletes), parse.GetValue(updates), TimeSpan.FromMilliseconds(parse.GetValue(poll)), parse.GetValue(floodAthletes),
            TimeSpan.FromSeconds(parse.GetValue(floodSeconds)))).RunAsync(cancellationToken));
        return game;
    }

    private static Command Segments()
    {
        var segments = new Option<int>("--segments") { Description = "Segments over a 30 km city.", DefaultValueFactory = _ => 100_000 };
        var rides = new Option<int>("--rides") { Description = "Rides fed through the matcher, each passing segments one after another.", DefaultValueFactory = _ => 20 };
        var seconds = new Option<int>("--seconds") { Description = "Length of each ride (1 Hz samples with GPS).", DefaultValueFactory = _ => 3_600 };
        segments.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 2_000_000) r.AddError("--segments must be between 1 and 2000000."); });
        rides.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 10_000) r.AddError("--rides must be between 1 and 10000."); });
        seconds.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 60 or > 86_400) r.AddError("--seconds must be between 60 and 86400."); });
        var command = new Command("segments", "Segment matching cost per live sample with the spatial index, against the progress rules alone and against checking every segment.")
        {
            segments, rides, seconds,
        };
        command.SetAction(parse => new SegmentBenchmark(parse.GetValue(segments), parse.GetValue(rides), parse.GetValue(seconds)).Run());
        return command;
    }

    private static Command Burst()
    {
        var url = CommonOptions.Url();
        var athletes = new Option<int>("--athletes", "-n") { Description = "Athletes who press Finish at once.", DefaultValueFactory = _ => 50_000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at most.", DefaultValueFactory = _ => 128 };
        var stopDatabase = new Option<int>("--stop-database") { Description = "Stop the host's private PostgreSQL for this many seconds, from just before the burst.", DefaultValueFactory = _ => 0 };
        var dataDirectory = new Option<DirectoryInfo>("--data-dir") { Description = "The running host's data directory (FD_DATA_DIR), for --stop-database.", DefaultValueFactory = _ => new DirectoryInfo(".fd-data") };
        var storeTimeout = new Option<int>("--store-timeout") { Description = "Seconds to wait for every acknowledged finish to be stored.", DefaultValueFactory = _ => 600 };
        athletes.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 1_000_000) r.AddError("--athletes must be between 1 and 1000000."); });
        concurrency.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 4096) r.AddError("--concurrency must be between 1 and 4096."); });
        stopDatabase.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 0 or > 3600) r.AddError("--stop-database must be between 0 and 3600 seconds."); });
        storeTimeout.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 86_400) r.AddError("--store-timeout must be between 1 and 86400 seconds."); });
        var burst = new Command("burst", "A mass finish: N athletes with open activities press Finish at once, optionally with the database stopped; acknowledgement latency and time until stored.")
        {
            url, athletes, concurrency, stopDatabase, dataDirectory, storeTimeout,
        };
        burst.SetAction((parse, cancellationToken) => new BurstBenchmark(new BurstSettings(parse.GetValue(url)!, parse.GetValue(athletes), parse.GetValue(concurrency),
            TimeSpan.FromSeconds(parse.GetValue(stopDatabase)), parse.GetValue(dataDirectory)!.FullName, TimeSpan.FromSeconds(parse.GetValue(storeTimeout)))).RunAsync(cancellationToken));
        return burst;
    }

    private static Command Reads()
    {
        var points = new Option<int>("--points") { Description = "One-second points of the generated GPX file (1,400,000 is about 107 MiB; imports take up to 128 MiB).", DefaultValueFactory = _ => 1_400_000 };
        var repeats = new Option<int>("--repeats") { Description = "Timed repeats of the summary read again and of the page; the median is reported.", DefaultValueFactory = _ => 5 };
        points.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1_000 or > 1_600_000) r.AddError("--points must be between 1000 and 1600000."); });
        repeats.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100) r.AddError("--repeats must be between 1 and 100."); });
        var command = new Command("reads", "Summary and stream reads of one long imported activity (first and repeated), against a count and a binary COPY of its rows.") { points, repeats };
        command.SetAction((parse, cancellationToken) => new ReadsBenchmark(parse.GetValue(points), parse.GetValue(repeats)).RunAsync(cancellationToken));
        return command;
    }

    private static Command Feed()
    {
        var followers = new Option<int>("--followers") { Description = "Followers of the athlete whose runs are timed.", DefaultValueFactory = _ => 100_000 };
        var members = new Option<int>("--club-members") { Description = "Members of the club the athlete is in.", DefaultValueFactory = _ => 50_000 };
        var followees = new Option<int>("--followees") { Description = "Other athletes the reader follows, each with a history in the feed.", DefaultValueFactory = _ => 500 };
        var items = new Option<int>("--items") { Description = "Feed items each of them has.", DefaultValueFactory = _ => 20 };
        var activities = new Option<int>("--activities") { Description = "Runs the athlete finishes, one after another.", DefaultValueFactory = _ => 30 };
        var reads = new Option<int>("--reads") { Description = "Pages of each feed read.", DefaultValueFactory = _ => 200 };
        foreach (var (option, max) in new[] { (followers, 10_000_000), (members, 10_000_000), (followees, 100_000), (items, 1_000), (activities, 10_000), (reads, 100_000) })
            option.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1 || r.GetValueOrDefault<int>() > max) r.AddError($"{option.Name} must be between 1 and {max}."); });
        var command = new Command("feed", "Feed fan-out and latency for an athlete with many followers in a huge club, against fanning out on write; home and club feed pages.")
        {
            followers, members, followees, items, activities, reads,
        };
        command.SetAction((parse, cancellationToken) => new FeedBenchmark(new FeedBenchmarkSettings(parse.GetValue(followers), parse.GetValue(members), parse.GetValue(followees),
            parse.GetValue(items), parse.GetValue(activities), parse.GetValue(reads))).RunAsync(cancellationToken));
        return command;
    }

    private static Command Group()
    {
        var athletes = new Option<int>("--athletes", "-n") { Description = "Athletes in the one group session, each sending a sample a second.", DefaultValueFactory = _ => 100 };
        var seconds = new Option<int>("--seconds") { Description = "Seconds each athlete records.", DefaultValueFactory = _ => 60 };
        var interval = new Option<int>("--update-interval-ms") { Description = "The session's update interval (Social:Groups:UpdateInterval).", DefaultValueFactory = _ => 2000 };
        athletes.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 2 or > 500) r.AddError("--athletes must be between 2 and 500."); });
        seconds.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 5 or > 3600) r.AddError("--seconds must be between 5 and 3600."); });
        interval.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 100 or > 60_000) r.AddError("--update-interval-ms must be between 100 and 60000."); });
        var command = new Command("group", "Live group session: sample acknowledged → group-update showing it on the athlete's WebSocket, p50/p95/p99, and updates a second.")
        {
            athletes, seconds, interval,
        };
        command.SetAction((parse, cancellationToken) => new GroupBenchmark(new GroupBenchmarkSettings(parse.GetValue(athletes), parse.GetValue(seconds),
            TimeSpan.FromMilliseconds(parse.GetValue(interval)))).RunAsync(cancellationToken));
        return command;
    }
}
