using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using FitnessDriver.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FitnessDriver.Postgres.Local;

/// <summary>
/// A private PostgreSQL cluster started from the installed server programs: initialised on first use, listening on a
/// loopback port with a generated password, and stopped on dispose. When we run as root the server runs as the
/// <c>postgres</c> user, because PostgreSQL refuses root (see <see cref="ClusterLocation"/> for where its files live then).
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    private const string Superuser = "fitnessdriver";
    private const string ServerUser = "postgres";
    private readonly string root;
    private readonly string dataDirectory;
    private readonly string binDirectory;
    private readonly CommandRunner runner;
    private readonly ILogger logger;
    private readonly string password;
    private bool stopped;
    private bool attached;

    private LocalPostgresCluster(string root, string dataDirectory, string binDirectory, CommandRunner runner, string password, ILogger logger)
    {
        this.root = root;
        this.dataDirectory = dataDirectory;
        this.binDirectory = binDirectory;
        this.password = password;
        this.logger = logger;
        this.runner = runner;
    }

    /// <summary>The server's data folder (PostgreSQL's own files).</summary>
    public string ServerDirectory => dataDirectory;

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>True when the TimescaleDB library is installed and preloaded.</summary>
    public bool TimescaleDbPreloaded { get; private set; }

    /// <summary>A connection string for one database of the cluster.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Password = password,
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// A connection string for the service that owns <paramref name="schema"/> in <paramref name="database"/>, as its own
    /// role (see <see cref="ServiceRoles"/>), which is created on first use.
    /// </summary>
    public async Task<string> ServiceConnectionStringAsync(string database, string schema, CancellationToken cancellationToken = default)
    {
        var password = await ServiceRoles.EnsureAsync(this, root, database, schema, cancellationToken);
        return new NpgsqlConnectionStringBuilder(ConnectionString(database)) { Username = ServiceRoles.RoleOf(schema), Password = password }.ConnectionString;
    }

    /// <summary>Creates an extension in a database as the superuser (services' roles may not), when it is installed.</summary>
    public async Task<bool> TryCreateExtensionAsync(string database, string extension, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE EXTENSION IF NOT EXISTS {QuoteIdentifier(extension)}", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedFile or PostgresErrorCodes.FeatureNotSupported or PostgresErrorCodes.ObjectNotInPrerequisiteState)
        {
            return false;
        }
    }

    /// <summary>Initialises the cluster if needed, starts it and creates the requested databases.</summary>
    public static async Task<LocalPostgresCluster> StartAsync(LocalPostgresOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Directory);
        var root = Path.GetFullPath(options.Directory);
        options.Directory = root;
        Directory.CreateDirectory(root);
        var binDirectory = PostgresBinaries.Locate(options.BinDirectory);
        var runAsUser = Environment.IsPrivilegedProcess ? ServerUser : null;
        // The server's user may not be allowed into our folder: its tools start in "/".
        var runner = new CommandRunner(runAsUser, "/");
        var dataDirectory = await ClusterLocation.ResolveAsync(options, runAsUser, runner, logger, cancellationToken);
        var cluster = new LocalPostgresCluster(root, dataDirectory, binDirectory, runner, ReadOrCreatePassword(root), logger);
        try
        {
            await cluster.InitialiseAsync(runAsUser, options.NoSync, cancellationToken);
            await cluster.StopLeftoverServerAsync(cancellationToken);
            await cluster.StartServerAsync(options.Port, options.NoSync, cancellationToken);
            foreach (var database in options.Databases)
                await cluster.CreateDatabaseAsync(database, cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops a server still running on the cluster in <see cref="LocalPostgresOptions.Directory"/> (one a killed host
    /// left behind) and deletes the server's files kept elsewhere (see <see cref="ClusterLocation"/>); deleting the
    /// cluster folder itself is the caller's. Returns the folder deleted elsewhere, if any.
    /// </summary>
    public static async Task<string?> RemoveAsync(LocalPostgresOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(options.Directory);
        var dataDirectory = ClusterLocation.Recorded(root) ?? Path.Combine(root, "data");
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            var runner = new CommandRunner(Environment.IsPrivilegedProcess ? ServerUser : null, "/");
            var cluster = new LocalPostgresCluster(root, dataDirectory, PostgresBinaries.Locate(options.BinDirectory), runner, "", logger);
            await cluster.StopLeftoverServerAsync(cancellationToken);
        }

        return ClusterLocation.Remove(root);
    }

    /// <summary>
    /// The server a running host started on the cluster in <see cref="LocalPostgresOptions.Directory"/>, to stop and
    /// start again (a benchmark's database outage). Disposing it leaves the server as it is.
    /// </summary>
    /// <exception cref="StartupException">No server is running there.</exception>
    public static LocalPostgresCluster Attach(LocalPostgresOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(options.Directory);
        var dataDirectory = ClusterLocation.Recorded(root) ?? Path.Combine(root, "data");
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        // postmaster.pid: pid, data directory, start time, port, ...
        if (!File.Exists(pidFile) || File.ReadLines(pidFile).ElementAtOrDefault(3) is not { } portLine
            || !int.TryParse(portLine, CultureInfo.InvariantCulture, out var port))
            throw new StartupException($"No PostgreSQL server is running on {dataDirectory}: start the host with this data directory first.");
        var runner = new CommandRunner(Environment.IsPrivilegedProcess ? ServerUser : null, "/");
        return new LocalPostgresCluster(root, dataDirectory, PostgresBinaries.Locate(options.BinDirectory), runner, ReadOrCreatePassword(root), logger)
        {
            Port = port,
            attached = true,
        };
    }

    /// <summary>Stops the server (fast shutdown); <see cref="StartAgainAsync"/> brings it back on the same port.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => StopServerAsync(cancellationToken);

    /// <summary>Starts the server stopped by <see cref="StopAsync"/> again, on the same port with the same settings.</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken = default) => StartServerAsync(Port, noSync: false, cancellationToken);

    /// <summary>Creates a database unless it exists.</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            return;
        await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)}", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task InitialiseAsync(string? runAsUser, bool noSync, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
            return;

        logger.LogInformation("Initialising a private PostgreSQL cluster in {Directory}", dataDirectory);
        if (Directory.Exists(dataDirectory))
            Directory.Delete(dataDirectory, recursive: true);
        Directory.CreateDirectory(dataDirectory);
        var passwordFile = Path.Combine(Path.GetDirectoryName(dataDirectory)!, "initdb-password");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        try
        {
            if (runAsUser is not null)
                await HandOverAsync(runAsUser, [dataDirectory, passwordFile], cancellationToken);
            List<string> arguments = ["-D", dataDirectory, "-U", Superuser, $"--pwfile={passwordFile}", "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale"];
            if (noSync)
                arguments.Add("--no-sync");
            var result = await runner.RunAsync(Tool("initdb"), arguments, TimeSpan.FromMinutes(2), cancellationToken);
            if (!result.Succeeded)
                throw new StartupException($"initdb failed in {dataDirectory} ({result.ExitCode}): {result.Output}");
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private async Task HandOverAsync(string user, IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var chown = await new CommandRunner(null, "/").RunAsync("chown", ["-R", $"{user}:{user}", .. paths], TimeSpan.FromSeconds(30), cancellationToken);
        if (!chown.Succeeded)
            throw new StartupException($"Could not give {string.Join(", ", paths)} to the '{user}' user: {chown.Output}");
        var probe = await runner.RunAsync("test", ["-w", dataDirectory], TimeSpan.FromSeconds(10), cancellationToken);
        if (!probe.Succeeded)
        {
            throw new StartupException(
                $"PostgreSQL runs as the '{user}' user, which cannot reach {dataDirectory}. Choose a data directory " +
                "every user can traverse (FD_DATA_DIR), or point ConnectionStrings:Postgres at a running server.");
        }
    }

    private async Task StopLeftoverServerAsync(CancellationToken cancellationToken)
    {
        // A host killed with SIGKILL leaves its server running; stop it so this start owns the cluster.
        var status = await runner.RunAsync(Tool("pg_ctl"), ["status", "-D", dataDirectory], TimeSpan.FromSeconds(30), cancellationToken);
        if (status.ExitCode != 0)
            return;
        logger.LogWarning("A PostgreSQL server from an earlier run is still running on {Directory}; stopping it", dataDirectory);
        await StopServerAsync(cancellationToken);
    }

    private async Task StartServerAsync(int port, bool noSync, CancellationToken cancellationToken)
    {
        Port = port == 0 ? FreeLoopbackPort() : port;
        TimescaleDbPreloaded = File.Exists(Path.Combine(PostgresBinaries.LibraryDirectory(binDirectory), "timescaledb.so"));
        var serverOptions = new List<string>
        {
            $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
            "-c listen_addresses=127.0.0.1",
            "-c unix_socket_directories=''",
            "-c max_connections=300",
            "-c shared_buffers=128MB",
        };
        if (TimescaleDbPreloaded)
            serverOptions.AddRange(["-c shared_preload_libraries=timescaledb", "-c timescaledb.telemetry_level=off"]);
        if (noSync)
            serverOptions.AddRange(["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]);

        var logFile = Path.Combine(dataDirectory, "server.log");
        var result = await runner.RunAsync(Tool("pg_ctl"),
            ["start", "-D", dataDirectory, "-w", "-t", "120", "-l", logFile, "-o", string.Join(' ', serverOptions)],
            TimeSpan.FromMinutes(3), cancellationToken);
        if (!result.Succeeded)
        {
            var reason = File.Exists(logFile) ? File.ReadLines(logFile).LastOrDefault(l => l.Contains("FATAL", StringComparison.Ordinal) || l.Contains("ERROR", StringComparison.Ordinal)) : null;
            throw new StartupException($"PostgreSQL did not start in {dataDirectory}: {reason ?? result.Output}. Its log is {logFile}.");
        }

        logger.LogInformation("PostgreSQL is running on 127.0.0.1:{Port} (data in {Directory}){Timescale}",
            Port, dataDirectory, TimescaleDbPreloaded ? " with TimescaleDB" : "");
    }

    private async Task StopServerAsync(CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(Tool("pg_ctl"), ["stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "60"],
            TimeSpan.FromSeconds(90), cancellationToken);
        if (!result.Succeeded)
            logger.LogError("pg_ctl stop failed ({ExitCode}): {Output}", result.ExitCode, result.Output);
    }

    private string Tool(string name) => Path.Combine(binDirectory, name);

    private static string ReadOrCreatePassword(string root)
    {
        var path = Path.Combine(root, "password");
        if (File.Exists(path))
            return File.ReadAllText(path).Trim();
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(path, password);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return password;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Stops the server (fast shutdown: open transactions roll back, committed data stays).</summary>
    public async ValueTask DisposeAsync()
    {
        if (stopped || Port == 0 || attached)
            return;
        stopped = true;
        NpgsqlConnection.ClearAllPools();
        await StopServerAsync(CancellationToken.None);
        logger.LogInformation("PostgreSQL stopped");
    }
}
