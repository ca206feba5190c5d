using FitnessDriver.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FitnessDriver.Postgres.Tests;

public sealed class ServiceDatabaseTests(PostgresFixture postgres)
{
    private const string Repeated = "SELECT $1::int + 1";

    [Fact]
    public async Task A_statement_run_again_and_again_is_prepared_on_its_connection()
    {
        await using var database = new PlainDatabase(await postgres.CreateDatabaseAsync());

        Assert.Equal(1, await PreparedAfterRepeatingAsync(database));
    }

    [Fact]
    public async Task A_connection_string_that_turns_automatic_preparation_off_is_obeyed()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync()) { MaxAutoPrepare = 0 }.ConnectionString;
        await using var database = new PlainDatabase(connectionString);

        Assert.Equal(0, await PreparedAfterRepeatingAsync(database));
    }

    private static async Task<long> PreparedAfterRepeatingAsync(ServiceDatabase database)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        for (var i = 0; i < 5; i++)
        {
            await using var command = new NpgsqlCommand(Repeated, connection);
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = i });
            Assert.Equal(i + 1, await command.ExecuteScalarAsync(cancellationToken));
        }

        await using var prepared = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", connection);
        prepared.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Repeated });
        return (long)(await prepared.ExecuteScalarAsync(cancellationToken))!;
    }

    private sealed class PlainDatabase(string connectionString) : ServiceDatabase("plain", connectionString, typeof(PlainDatabase).Assembly, NullLogger.Instance);
}
