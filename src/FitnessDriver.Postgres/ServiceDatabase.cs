using System.Data.Common;
using System.Reflection;
using FitnessDriver.Hosting;
using FitnessDriver.Postgres.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FitnessDriver.Postgres;

/// <summary>
/// The database of one service: its data source and its schema, migrated at start-up. A database that is down
/// delays the service, it does not stop the process: migration retries until it succeeds.
/// </summary>
public abstract class ServiceDatabase : IAsyncDisposable
{
    private readonly Assembly migrations;
    private readonly Lock gate = new();
    private Task? migrated;

    /// <summary>Creates the data source for <paramref name="schema"/>; nothing connects yet.</summary>
    protected ServiceDatabase(string schema, string connectionString, Assembly migrations, ILogger logger)
    {
        Schema = schema;
        this.migrations = migrations;
        Logger = logger;
        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new StartupException($"The connection string of {schema} is not valid: {e.Message}", e);
        }

        builder.ConnectionStringBuilder.ApplicationName ??= "fitnessdriver-" + schema;
        PrepareRepeatedStatements(builder.ConnectionStringBuilder, connectionString);
        DataSource = builder.Build();
    }

    /// <summary>The schema this service owns.</summary>
    public string Schema { get; }

    /// <summary>Connections to the service's database.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>The service's logger.</summary>
    protected ILogger Logger { get; }

    /// <summary>True once the schema is up to date.</summary>
    public bool IsMigrated => migrated?.IsCompletedSuccessfully == true;

    /// <summary>The last reason migration did not succeed, while it is retrying.</summary>
    public string? LastError { get; private set; }

    /// <summary>
    /// Resolves the connection string of a service: <c>ConnectionStrings:{service}</c>, else <c>ConnectionStrings:Postgres</c>.
    /// </summary>
    public static string ConnectionStringFor(IConfiguration configuration, string service) =>
        configuration.GetConnectionString(service)
        ?? configuration.GetConnectionString("Postgres")
        ?? throw new StartupException(
            $"No database is configured for {service}: set ConnectionStrings__{service} or ConnectionStrings__Postgres, " +
            "or run the all-in-one host, which starts its own PostgreSQL.");

    /// <summary>Completes once the schema is migrated, retrying with back-off while the database is unreachable.</summary>
    public Task WaitUntilMigratedAsync(CancellationToken cancellationToken)
    {
        lock (gate)
            migrated ??= MigrateWithRetryAsync(CancellationToken.None);
        return migrated.WaitAsync(cancellationToken);
    }

    /// <summary>Optional features that select script variants (for example <c>timescaledb</c>).</summary>
    protected virtual Task<IReadOnlySet<string>> DetectFeaturesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(new HashSet<string>());

    private async Task MigrateWithRetryAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(15));
        while (true)
        {
            try
            {
                var features = await DetectFeaturesAsync(cancellationToken);
                await MigrationRunner.RunAsync(DataSource, Schema, migrations, features, Logger, cancellationToken);
                LastError = null;
                return;
            }
            catch (PostgresException e) when (e.SqlState.StartsWith("28", StringComparison.Ordinal) || e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.InvalidCatalogName)
            {
                throw new StartupException($"The database of {Schema} refuses its connection string: {e.MessageText} " +
                    $"(ConnectionStrings:{Schema} or ConnectionStrings:Postgres: user, password, database and grants).", e);
            }
            catch (Exception e) when (PostgresErrors.IsTransient(e))
            {
                LastError = e.Message;
                var delay = backoff.Next();
                Logger.LogWarning("Database for {Schema} is not reachable ({Reason}); retrying in {Delay} ms", Schema, e.Message, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Unless the connection string says otherwise (<c>Max Auto Prepare=0</c> turns it off), the statements a
    /// connection runs again and again (the consumers' batch writes above all) are prepared after their second use, so
    /// PostgreSQL parses and plans them once per connection instead of on every batch.
    /// </summary>
    private static void PrepareRepeatedStatements(NpgsqlConnectionStringBuilder settings, string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
            return;
        settings.MaxAutoPrepare = 64;
        settings.AutoPrepareMinUsages = 2;
    }
}
