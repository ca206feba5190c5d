using FitnessDriver.Postgres.Migrations;
using FitnessDriver.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FitnessDriver.Postgres.Tests;

public sealed class MigrationRunnerTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData(false, "plain")]
    [InlineData(true, "special")]
    public async Task Scripts_run_once_in_order_and_the_feature_picks_the_variant(bool special, string expected)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        HashSet<string> features = special ? ["special"] : [];

        var first = await MigrationRunner.RunAsync(dataSource, "probe", typeof(MigrationRunnerTests).Assembly, features, NullLogger.Instance, CancellationToken.None);
        var second = await MigrationRunner.RunAsync(dataSource, "probe", typeof(MigrationRunnerTests).Assembly, features, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(["001_things", "002_flavour"], first);
        Assert.Empty(second);
        Assert.Equal(expected, await PostgresFixture.ScalarAsync<string>(connectionString, "SELECT note FROM probe.things WHERE id = 2"));
        Assert.Equal(0L, await PostgresFixture.ScalarAsync<long>(connectionString, "SELECT count(*) FROM probe.consumer_positions"));
    }

    [Fact]
    public async Task Concurrent_replicas_migrate_once()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            MigrationRunner.RunAsync(dataSource, "probe", typeof(MigrationRunnerTests).Assembly, new HashSet<string>(), NullLogger.Instance, CancellationToken.None)));
        Assert.Equal(2, runs.Sum(r => r.Count));
    }
}
