using FitnessDriver.Postgres.Local;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace FitnessDriver.Testing;

/// <summary>
/// One private PostgreSQL cluster per test assembly, started from the installed server programs; each test takes
/// fresh databases from it. Without fsync: the data is thrown away anyway. <c>FD_TEST_POSTGRES_BIN</c> names another
/// installation's server programs (for example one without TimescaleDB, to run the native-partition variant).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory directory = new("fd-pg");
    private LocalPostgresCluster? cluster;

    /// <summary>The cluster.</summary>
    public LocalPostgresCluster Cluster => cluster ?? throw new InvalidOperationException("The cluster has not started.");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        cluster = await LocalPostgresCluster.StartAsync(
            new LocalPostgresOptions
            {
                Directory = directory.Path,
                NoSync = true,
                BinDirectory = Environment.GetEnvironmentVariable("FD_TEST_POSTGRES_BIN") is { Length: > 0 } bin ? bin : null,
            }, NullLogger.Instance);
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await Cluster.CreateDatabaseAsync(name);
        return Cluster.ConnectionString(name);
    }

    /// <summary>Runs a scalar query against a database.</summary>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
            await cluster.DisposeAsync();
        directory.Dispose();
    }
}
