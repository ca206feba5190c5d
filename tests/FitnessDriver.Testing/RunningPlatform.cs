using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.EventLog;
using FitnessDriver.Gamification;
using FitnessDriver.Gamification.Challenges;
using FitnessDriver.Host;
using FitnessDriver.Notifications;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Social;
using FitnessDriver.TimeSeries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.Testing;

/// <summary>The all-in-one host running in the test process on a free loopback port, against test databases.</summary>
public sealed class RunningPlatform : IAsyncDisposable
{
    private readonly PlatformHost host;
    private readonly TemporaryDirectory dataDirectory;

    private RunningPlatform(PlatformHost host, TemporaryDirectory dataDirectory, string connectionString, string profilesConnectionString)
    {
        this.host = host;
        this.dataDirectory = dataDirectory;
        ConnectionString = connectionString;
        ProfilesConnectionString = profilesConnectionString;
        BaseAddress = new Uri(host.Urls.First());
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Limits high enough for tests that are not about limits.</summary>
    public static IReadOnlyDictionary<string, string> RelaxedLimits { get; } = new Dictionary<string, string>
    {
        ["RateLimits:SignUpBurst"] = "1000000",
        ["RateLimits:SignUpsPerHour"] = "1000000",
        ["RateLimits:SignInsPerMinute"] = "100000",
        ["RateLimits:WriteBurst"] = "100000",
        ["RateLimits:WritesPerSecond"] = "100000",
    };

    /// <summary>The operators' token (metrics, health details) every platform started here has.</summary>
    public static string ManagementToken { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>Where the API listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client without a token.</summary>
    public HttpClient Http { get; }

    /// <summary>The main database (timeseries, gamification and notifications schemas).</summary>
    public string ConnectionString { get; }

    /// <summary>The Profiles database.</summary>
    public string ProfilesConnectionString { get; }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => host.App.Services;

    /// <summary>The host's data directory.</summary>
    public string DataDirectory => dataDirectory.Path;

    /// <summary>Starts the platform with fresh databases and data directory; <paramref name="settings"/> are extra configuration.</summary>
    public static async Task<RunningPlatform> StartAsync(PostgresFixture postgres, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        return await StartAsync(await postgres.CreateDatabaseAsync("fd"), await postgres.CreateDatabaseAsync("profiles"), settings);
    }

    /// <summary>Starts the platform on the given databases with a fresh data directory.</summary>
    public static async Task<RunningPlatform> StartAsync(string main, string profiles, IReadOnlyDictionary<string, string>? settings = null)
    {
        var data = new TemporaryDirectory("fd-host");
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            $"--FD_DATA_DIR={data.Path}",
            $"--ConnectionStrings:Postgres={main}",
            $"--ConnectionStrings:Profiles={profiles}",
            "--Logging:LogLevel:Default=Warning",
        };
        // Tests sign many athletes up from one address; the tests of the limits set their own. Tests run the streak
        // watch themselves at the local times they choose, so its own rounds (on the real clock) stay out of the way.
        var all = new Dictionary<string, string>(RelaxedLimits)
        {
            ["Management:Token"] = ManagementToken,
            ["Gamification:Streaks:CheckEverySeconds"] = "86400",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            all[key] = value;
        args.AddRange(all.Select(s => $"--{s.Key}={s.Value}"));
        var host = await PlatformHost.CreateAsync([.. args]);
        host.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(TestRunLogging.ToDiagnosticMessages());
        await host.StartAsync();
        var platform = new RunningPlatform(host, data, main, profiles);
        await platform.WaitUntilReadyAsync();
        return platform;
    }

    /// <summary>Waits until every consumer group has applied everything in the log.</summary>
    public async Task WaitForConsumersAsync()
    {
        var log = host.App.Services.GetRequiredService<IEventLog>();
        var groups = new (ServiceDatabase Database, string Group, string[] Topics)[]
        {
            (host.App.Services.GetRequiredService<TimeSeriesDatabase>(), SampleSink.GroupName, [Topics.TelemetrySamples]),
            (host.App.Services.GetRequiredService<TimeSeriesDatabase>(), ActivitySink.GroupName, [Topics.ActivityLifecycle, Topics.Achievements]),
            (host.App.Services.GetRequiredService<GamificationDatabase>(), ProgressSink.GroupName, [Topics.TelemetrySamples]),
            (host.App.Services.GetRequiredService<GamificationDatabase>(), VisibilitySink.GroupName, [Topics.ActivityLifecycle]),
            (host.App.Services.GetRequiredService<NotificationsDatabase>(), InboxSink.GroupName, [Topics.Achievements, Topics.Social]),
            (host.App.Services.GetRequiredService<SocialDatabase>(), Social.Feed.ActivitySink.GroupName, [Topics.ActivityLifecycle]),
            (host.App.Services.GetRequiredService<SocialDatabase>(), Social.Feed.AchievementSink.GroupName, [Topics.Achievements]),
            (host.App.Services.GetRequiredService<SocialDatabase>(), Social.Feed.TallySink.GroupName, [Topics.TelemetrySamples]),
            (host.App.Services.GetRequiredService<SocialDatabase>(), "social-deletion", [Topics.ActivityLifecycle]),
            (host.App.Services.GetRequiredService<TimeSeriesDatabase>(), "timeseries-deletion", [Topics.ActivityLifecycle]),
            (host.App.Services.GetRequiredService<GamificationDatabase>(), "gamification-deletion", [Topics.ActivityLifecycle]),
            (host.App.Services.GetRequiredService<NotificationsDatabase>(), "notifications-imports", [Topics.Imports]),
        };
        // Twice: achievements are published after the samples that earned them were applied.
        for (var round = 0; round < 2; round++)
        {
            foreach (var (database, group, topics) in groups)
            {
                foreach (var topic in topics)
                {
                    if (!await ConsumerPositions.WaitForCatchUpAsync(log, database, group, topic, TimeSpan.FromSeconds(60), CancellationToken.None))
                        throw new TimeoutException($"{group} did not catch up with {topic}.");
                }
            }

            await WaitForOutboxToDrainAsync();
        }
    }

    /// <summary>
    /// Waits until the achievement outbox is empty. A flood of awards (a long history imported at once earns hundreds) takes
    /// as long as it takes on a busy machine: only an outbox that stops shrinking for a minute is a failure.
    /// </summary>
    private async Task WaitForOutboxToDrainAsync()
    {
        var stalled = System.Diagnostics.Stopwatch.StartNew();
        var smallest = long.MaxValue;
        while (await PostgresFixture.ScalarAsync<long>(ConnectionString, "SELECT (SELECT count(*) FROM gamification.outbox) + (SELECT count(*) FROM social.outbox)") is var pending and > 0)
        {
            if (pending < smallest)
            {
                smallest = pending;
                stalled.Restart();
            }
            else if (stalled.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException($"The achievement outbox stopped draining at {pending} items.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Signs up a new athlete.</summary>
    public Task<FitnessDriverClient> NewAthleteAsync(string name = "Ann") => FitnessDriverClient.SignUpAsync(Http, name);

    private async Task WaitUntilReadyAsync()
    {
        await Eventually.TrueAsync(async () =>
        {
            using var response = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(60), "the platform to become ready");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await host.DisposeAsync();
        dataDirectory.Dispose();
    }
}
