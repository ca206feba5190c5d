using System.Text.Json;
using FitnessDriver.Testing;
using Npgsql;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>Each service connects to the private cluster as a role that owns its schema and nothing else.</summary>
public sealed class LeastPrivilegeTests
{
    private static readonly (string Role, string Database, string Schema, string Table)[] Services =
    [
        ("fd_timeseries", "fitnessdriver", "timeseries", "activities"),
        ("fd_gamification", "fitnessdriver", "gamification", "athlete_progress"),
        ("fd_notifications", "fitnessdriver", "notifications", "inbox"),
        ("fd_telemetry", "fitnessdriver", "telemetry", "archive_imports"),
        ("fd_social", "fitnessdriver", "social", "follows"),
        ("fd_profiles", "fitnessdriver_profiles", "profiles", "athletes"),
    ];

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_service_role_reads_its_own_schema_only_and_no_service_connects_as_superuser()
    {
        using var data = new TemporaryDirectory("fd-roles");
        await using (var host = await ServiceProcess.StartAsync("fitnessdriver-host", ServiceProcess.FreePort(), new Dictionary<string, string> { ["FD_DATA_DIR"] = data.Path },
            data.Path, TimeSpan.FromMinutes(2)))
        {
            var cluster = Path.Combine(data.Path, "postgres");
            var passwords = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(Path.Combine(cluster, "roles.json")))!;
            var serverData = File.Exists(Path.Combine(cluster, "server-location")) ? (await File.ReadAllTextAsync(Path.Combine(cluster, "server-location"))).Trim() : Path.Combine(cluster, "data");
            var port = int.Parse((await File.ReadAllLinesAsync(Path.Combine(serverData, "postmaster.pid")))[3], System.Globalization.CultureInfo.InvariantCulture);
            string Connection(string role, string database) => new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1", Port = port, Username = role, Password = passwords[role], Database = database, Pooling = false,
            }.ConnectionString;

            foreach (var (role, database, schema, table) in Services)
            {
                Assert.Equal(0L, await PostgresFixture.ScalarAsync<long>(Connection(role, database), $"SELECT count(*) * 0 FROM {schema}.{table}"));
                foreach (var (_, otherDatabase, otherSchema, otherTable) in Services.Where(s => s.Role != role))
                {
                    var refused = await Assert.ThrowsAsync<PostgresException>(() =>
                        PostgresFixture.ScalarAsync<long>(Connection(role, otherDatabase), $"SELECT count(*) FROM {otherSchema}.{otherTable}"));
                    Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
                }
            }

            var superuser = new NpgsqlConnectionStringBuilder(Connection("fd_timeseries", "fitnessdriver"))
            {
                Username = "fitnessdriver", Password = (await File.ReadAllTextAsync(Path.Combine(cluster, "password"))).Trim(),
            }.ConnectionString;
            var users = await PostgresFixture.ScalarAsync<string>(superuser,
                "SELECT string_agg(DISTINCT usename, ',' ORDER BY usename) FROM pg_stat_activity WHERE application_name LIKE 'fitnessdriver-%'");
            Assert.Equal("fd_gamification,fd_notifications,fd_profiles,fd_social,fd_telemetry,fd_timeseries", users);
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(data.Path, "log"), "*", SearchOption.AllDirectories))
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file) & ~UnixFileMode.UserExecute);
        foreach (var folder in Directory.EnumerateDirectories(Path.Combine(data.Path, "log"), "*", SearchOption.AllDirectories))
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
    }
}
