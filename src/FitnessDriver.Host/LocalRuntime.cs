using FitnessDriver.EventLog;
using FitnessDriver.EventLog.Kafka;
using FitnessDriver.Hosting;
using FitnessDriver.Postgres.Local;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Host;

/// <summary>
/// What the one-machine host owns besides the services: its data directory (locked against a second host), the
/// event log (embedded, or Kafka when <c>EventLog:Kafka:BootstrapServers</c> or <c>FD_KAFKA_BOOTSTRAP_SERVERS</c> names
/// brokers) and, unless a database is configured, a private PostgreSQL that stops when the host stops.
/// </summary>
public sealed class LocalRuntime : IAsyncDisposable
{
    /// <summary>Where the host listens unless ASPNETCORE_URLS, --urls or Kestrel settings say otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    private const string MainDatabase = "fitnessdriver";
    private const string ProfilesDatabase = "fitnessdriver_profiles";
    private static readonly (string Service, string Schema)[] ServicesInMainDatabase =
        [("TimeSeries", "timeseries"), ("Gamification", "gamification"), ("Notifications", "notifications"), ("Telemetry", "telemetry"), ("Social", "social")];
    private readonly FileStream directoryLock;
    private readonly LocalPostgresCluster? postgres;

    private LocalRuntime(string dataDirectory, FileStream directoryLock, LocalPostgresCluster? postgres)
    {
        DataDirectory = dataDirectory;
        this.directoryLock = directoryLock;
        this.postgres = postgres;
    }

    /// <summary>The data directory in use.</summary>
    public string DataDirectory { get; }

    /// <summary>Locks the data directory, starts PostgreSQL if needed and registers the event log.</summary>
    public static async Task<LocalRuntime> StartAsync(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.UseDefaultUrl(DefaultUrl);

        var dataDirectory = ServiceDefaults.DataDirectory.Resolve(configuration);
        var directoryLock = Lock(dataDirectory);
        LocalPostgresCluster? postgres = null;
        try
        {
            if (configuration.GetConnectionString("Postgres") is null)
            {
                using var loggerFactory = LoggerFactory.Create(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true));
                var options = new LocalPostgresOptions { Directory = Path.Combine(dataDirectory, "postgres") };
                configuration.GetSection("Postgres").Bind(options);
                options.Databases.Add(MainDatabase);
                options.Databases.Add(ProfilesDatabase);
                postgres = await LocalPostgresCluster.StartAsync(options, loggerFactory.CreateLogger<LocalPostgresCluster>());
                // Services' roles may not create extensions: TimescaleDB is created now, where it is installed.
                if (postgres.TimescaleDbPreloaded)
                    await postgres.TryCreateExtensionAsync(MainDatabase, "timescaledb");
                var connectionStrings = new Dictionary<string, string?>
                {
                    ["ConnectionStrings:Profiles"] = configuration.GetConnectionString("Profiles") ?? await postgres.ServiceConnectionStringAsync(ProfilesDatabase, "profiles"),
                };
                foreach (var (service, schema) in ServicesInMainDatabase)
                    connectionStrings[$"ConnectionStrings:{service}"] = configuration.GetConnectionString(service) ?? await postgres.ServiceConnectionStringAsync(MainDatabase, schema);
                configuration.AddInMemoryCollection(connectionStrings);
            }

            if (KafkaEventLogRegistration.IsConfigured(configuration))
                builder.Services.AddKafkaEventLog(configuration);
            else
                builder.Services.AddEmbeddedEventLog(configuration, dataDirectory);
            return new LocalRuntime(dataDirectory, directoryLock, postgres);
        }
        catch
        {
            if (postgres is not null)
                await postgres.DisposeAsync();
            await directoryLock.DisposeAsync();
            throw;
        }
    }

    /// <summary>Prints where the platform is reachable once it listens.</summary>
    public void AnnounceWhenStarted(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Urls;
            Console.WriteLine();
            Console.WriteLine($"Fitness Driver is running at {string.Join(", ", addresses)}");
            Console.WriteLine($"  data: {DataDirectory}{(postgres is null ? "" : $" (PostgreSQL on 127.0.0.1:{postgres.Port})")}");
            Console.WriteLine("  press Ctrl+C to stop");
            Console.WriteLine();
        });
    }

    /// <summary>
    /// Deletes the data directory of a stopped host: the event log, the private PostgreSQL (stopping a server a killed
    /// host left running) and, as root, the server's files kept outside it. Returns what was removed.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RemoveDataAsync(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var dataDirectory = ServiceDefaults.DataDirectory.PathOf(configuration);
        if (!Directory.Exists(dataDirectory))
            return [];
        var removed = new List<string>();
        await using (Lock(dataDirectory))
        {
            var options = new LocalPostgresOptions();
            configuration.GetSection("Postgres").Bind(options);
            options.Directory = Path.Combine(dataDirectory, "postgres");
            using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
            if (await LocalPostgresCluster.RemoveAsync(options, loggerFactory.CreateLogger<LocalPostgresCluster>()) is { } elsewhere)
                removed.Add(elsewhere);
        }

        Directory.Delete(dataDirectory, recursive: true);
        removed.Insert(0, dataDirectory);
        return removed;
    }

    private static FileStream Lock(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "host.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new StartupException(
                $"Another Fitness Driver host is using {dataDirectory} (FD_DATA_DIR). Stop it, or give this one its own FD_DATA_DIR.", e);
        }
    }

    /// <summary>Stops PostgreSQL (after the services stopped) and releases the data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (postgres is not null)
            await postgres.DisposeAsync();
        await directoryLock.DisposeAsync();
    }
}
