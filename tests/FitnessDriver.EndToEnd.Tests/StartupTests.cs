using System.Net;
using System.Net.Sockets;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Hosting;
using FitnessDriver.Testing;
using FitnessDriver.Testing.Kafka;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>
/// Starting the platform as people will: as root from a folder only root may enter, and with every kind of setting
/// that cannot work, which must end in one line naming it and exit code 78, never a stack trace.
/// </summary>
public sealed class StartupTests
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(2);
    private const string RelocationDirectory = "/var/lib/fitnessdriver";

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task As_root_the_host_keeps_its_database_where_postgres_can_reach_it_and_remove_data_deletes_it()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "Runs only as root: it checks how the host runs PostgreSQL as the postgres user.");
        using var outer = new TemporaryDirectory("fd-private");
        File.SetUnixFileMode(outer.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var data = Path.Combine(outer.Path, "home", ".fd-data");
        // As a host started under umask 077 leaves it: the host must still let postgres through.
        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(RelocationDirectory, owner);
        File.SetUnixFileMode(RelocationDirectory, owner);
        var environment = new Dictionary<string, string> { ["FD_DATA_DIR"] = data };
        var port = ServiceProcess.FreePort();
        var activityId = Guid.NewGuid();
        FitnessDriverClient athlete;

        await using (var host = await ServiceProcess.StartAsync("fitnessdriver-host", port, environment, outer.Path, StartLimit))
        {
            using var http = new HttpClient { BaseAddress = host.BaseAddress };
            athlete = await FitnessDriverClient.SignUpAsync(http, "Root");
            var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds());
            await athlete.PutActivityAsync(activityId, Sport.Run, start);
            await athlete.PostSamplesAsync(activityId, "phone", RunGenerator.Samples(start, 800, 3.0));
            await Eventually.MatchesAsync(() => athlete.GetProgressAsync(), p => p.Level == 2, TimeSpan.FromMinutes(1), "the level-up");
            Assert.Contains("cannot reach", await File.ReadAllTextAsync(host.LogPath), StringComparison.Ordinal);
        }

        var relocated = await File.ReadAllTextAsync(Path.Combine(data, "postgres", "server-location"));
        Assert.StartsWith(RelocationDirectory + "/", relocated, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(relocated, "PG_VERSION")));

        await using (var again = await ServiceProcess.StartAsync("fitnessdriver-host", port, environment, outer.Path, StartLimit))
        {
            using var http = new HttpClient { BaseAddress = again.BaseAddress };
            var client = new FitnessDriverClient(http, athlete.AthleteId, athlete.Token);
            var progress = await client.GetProgressAsync();
            Assert.Equal((2, 20), (progress.Level, progress.Xp));
            Assert.Equal(800, (await client.GetActivityAsync(activityId)).SampleCount);
        }

        var (exitCode, output) = await ServiceProcess.RunToExitAsync("fitnessdriver-host", ["remove-data"], environment, outer.Path, StartLimit);
        Assert.True(exitCode == 0, output);
        Assert.False(Directory.Exists(data));
        Assert.False(Directory.Exists(Path.GetDirectoryName(relocated)));
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created_is_one_line_naming_it()
    {
        var problem = await FailedStartAsync([], new() { ["FD_DATA_DIR"] = "/proc/fitness-driver/.fd-data" });
        Assert.Contains("/proc/fitness-driver/.fd-data (FD_DATA_DIR)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_postgresql_programs_are_one_line_naming_the_setting()
    {
        using var data = new TemporaryDirectory("fd-start");
        var problem = await FailedStartAsync([], new() { ["FD_DATA_DIR"] = data.Path, ["Postgres__BinDirectory"] = "/nonexistent/postgresql/bin" });
        Assert.Contains("Postgres:BinDirectory", problem, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/postgresql/bin", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_naming_the_address_and_the_setting()
    {
        using var data = new TemporaryDirectory("fd-start");
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var problem = await FailedStartAsync([$"--urls=http://127.0.0.1:{port}"], new() { ["FD_DATA_DIR"] = data.Path });
        Assert.Contains($"127.0.0.1:{port}", problem, StringComparison.Ordinal);
        Assert.Contains("--urls", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_host_on_the_same_data_directory_is_one_line()
    {
        using var data = new TemporaryDirectory("fd-start");
        var environment = new Dictionary<string, string> { ["FD_DATA_DIR"] = data.Path };
        await using var first = await ServiceProcess.StartAsync("fitnessdriver-host", ServiceProcess.FreePort(), environment, data.Path, StartLimit);
        var problem = await FailedStartAsync([$"--urls=http://127.0.0.1:{ServiceProcess.FreePort()}"], environment);
        Assert.Contains("Another Fitness Driver host", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TimeSeries__Writer__Consumers", "0", "TimeSeries:Writer:Consumers")]
    [InlineData("TimeSeries__Writer__MaxBatchRecords", "-5", "TimeSeries:Writer:MaxBatchRecords")]
    public async Task Samples_writer_settings_out_of_range_are_one_line_naming_the_setting(string setting, string value, string named)
    {
        using var data = new TemporaryDirectory("fd-start");
        var problem = await FailedStartAsync([], new() { ["FD_DATA_DIR"] = data.Path, [setting] = value });
        Assert.True(problem.Contains(named, StringComparison.Ordinal) && problem.Contains(value, StringComparison.Ordinal), problem);
    }

    [Theory]
    [InlineData("EventLog__Kafka__Compression", "gzip", "EventLog:Kafka")]
    [InlineData("EventLog__Kafka__Settings__no.such.setting", "1", "EventLog:Kafka")]
    [InlineData("EventLog__Kafka__ReplicationFactor", "3", "EventLog:Kafka:ReplicationFactor")]
    public async Task Kafka_settings_that_cannot_work_are_one_line_naming_the_setting(string setting, string value, string named)
    {
        using var cluster = new MockCluster(brokers: 1);
        using var data = new TemporaryDirectory("fd-start");
        var problem = await FailedStartAsync([], new()
        {
            ["FD_DATA_DIR"] = data.Path,
            ["FD_KAFKA_BOOTSTRAP_SERVERS"] = cluster.BootstrapServers,
            [setting] = value,
        });
        Assert.True(problem.Contains(named, StringComparison.Ordinal), problem);
    }

    [Fact]
    public async Task A_service_alone_without_kafka_is_one_line_naming_the_settings()
    {
        var (exitCode, output) = await ServiceProcess.RunToExitAsync("FitnessDriver.Telemetry", [$"--urls=http://127.0.0.1:{ServiceProcess.FreePort()}"],
            new Dictionary<string, string>(), Path.GetTempPath(), StartLimit);
        Assert.Equal(StartupErrors.ExitCode, exitCode);
        Assert.Contains("FD_KAFKA_BOOTSTRAP_SERVERS", OneProblemLine(output), StringComparison.Ordinal);
    }

    private static async Task<string> FailedStartAsync(string[] arguments, Dictionary<string, string> environment)
    {
        var (exitCode, output) = await ServiceProcess.RunToExitAsync("fitnessdriver-host",
            arguments.Length > 0 ? arguments : [$"--urls=http://127.0.0.1:{ServiceProcess.FreePort()}"], environment, Path.GetTempPath(), StartLimit);
        Assert.True(exitCode == StartupErrors.ExitCode, $"exit code {exitCode}: {output}");
        return OneProblemLine(output);
    }

    /// <summary>The output holds exactly one problem line and no stack trace; returns that line.</summary>
    private static string OneProblemLine(string output)
    {
        Assert.False(output.Contains("   at ", StringComparison.Ordinal), "a stack trace in the output:\n" + output);
        Assert.False(output.Contains("Unhandled exception", StringComparison.Ordinal), "an unhandled exception in the output:\n" + output);
        var problems = output.Split('\n').Where(l => l.StartsWith("fitnessdriver-", StringComparison.Ordinal)).ToList();
        return Assert.Single(problems);
    }
}
