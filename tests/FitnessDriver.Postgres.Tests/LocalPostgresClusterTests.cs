using FitnessDriver.Postgres.Local;
using FitnessDriver.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FitnessDriver.Postgres.Tests;

public sealed class LocalPostgresClusterTests
{
    [Fact]
    public async Task Data_survives_a_restart_and_the_password_is_required()
    {
        using var directory = new TemporaryDirectory("fd-cluster");
        var options = new LocalPostgresOptions { Directory = directory.Path, NoSync = true };
        options.Databases.Add("app");
        await using (var cluster = await LocalPostgresCluster.StartAsync(options, NullLogger.Instance))
        {
            await using var connection = new NpgsqlConnection(cluster.ConnectionString("app"));
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)", connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);

            var wrong = new NpgsqlConnectionStringBuilder(cluster.ConnectionString("app")) { Password = "wrong" };
            await using var intruder = new NpgsqlConnection(wrong.ConnectionString);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => intruder.OpenAsync(TestContext.Current.CancellationToken));
            Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
        }

        await using var restarted = await LocalPostgresCluster.StartAsync(options, NullLogger.Instance);
        Assert.Equal(42, await PostgresFixture.ScalarAsync<int>(restarted.ConnectionString("app"), "SELECT v FROM kept"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_data_directory_only_its_owner_may_enter_still_works()
    {
        using var directory = new TemporaryDirectory("fd-cluster");
        var owned = Path.Combine(directory.Path, "private");
        Directory.CreateDirectory(owned, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = new LocalPostgresOptions { Directory = Path.Combine(owned, "postgres"), NoSync = true };
        await using var cluster = await LocalPostgresCluster.StartAsync(options, NullLogger.Instance);
        Assert.Equal(1, await PostgresFixture.ScalarAsync<int>(cluster.ConnectionString("postgres"), "SELECT 1"));
    }

    [Fact]
    public async Task Missing_server_programs_give_a_clear_error()
    {
        using var directory = new TemporaryDirectory("fd-cluster");
        var options = new LocalPostgresOptions { Directory = directory.Path, BinDirectory = directory.Path };
        var error = await Assert.ThrowsAsync<Hosting.StartupException>(() => LocalPostgresCluster.StartAsync(options, NullLogger.Instance));
        Assert.Contains("initdb", error.Message, StringComparison.Ordinal);
        Assert.Contains("Postgres:BinDirectory", error.Message, StringComparison.Ordinal);
    }
}
