using FitnessDriver.Contracts;
using FitnessDriver.Gamification;
using FitnessDriver.Gateway;
using FitnessDriver.Notifications;
using FitnessDriver.TimeSeries;

namespace FitnessDriver.Deployment.Tests;

/// <summary>
/// What the deployment checks compare against is read from the code correctly, and the rules reject the drift they
/// exist for: were either wrong, the other tests could pass on broken files.
/// </summary>
public sealed class CodeModelTests
{
    [Fact]
    public void Each_program_is_read_from_its_registration()
    {
        Assert.Equal([.. ApiRoutes.Services, "Gateway"], Platform.Deployables.Select(d => d.Name));
        Assert.Equal(
            [
                (SampleSink.GroupName, Topics.TelemetrySamples),
                (ActivitySink.GroupName, Topics.ActivityLifecycle),
                (ActivitySink.GroupName, Topics.Achievements),
            ],
            Platform.Named("TimeSeries").Groups.SelectMany(g => g.Topics.Select(t => (g.Name, t))));
        Assert.Equal([(ProgressSink.GroupName, Topics.TelemetrySamples)], Platform.Named("Gamification").Groups.SelectMany(g => g.Topics.Select(t => (g.Name, t))));
        Assert.Equal([(InboxSink.GroupName, Topics.Achievements)], Platform.Named("Notifications").Groups.SelectMany(g => g.Topics.Select(t => (g.Name, t))));
        Assert.Empty(Platform.Named("Telemetry").Groups);

        Assert.Equal(["Profiles", null, "TimeSeries", "Gamification", "Notifications", null], Platform.Deployables.Select(d => d.Database));
        Assert.Equal([false, true, true, true, true, false], Platform.Deployables.Select(d => d.UsesKafka));
        Assert.Equal(["Profiles"], Platform.Named("Gamification").ServiceUrls);
        Assert.Equal(ApiRoutes.Services, Platform.Named("Gateway").ServiceUrls);
        Assert.Empty(Platform.Named("Telemetry").ServiceUrls);
        Assert.Equal(["FitnessDriver.Profiles", "FitnessDriver.Telemetry", "FitnessDriver.TimeSeries", "FitnessDriver.Gamification", "FitnessDriver.Notifications", "FitnessDriver.Gateway"],
            Platform.Deployables.Select(d => d.AssemblyName));
    }

    [Fact]
    public void The_configuration_keys_named_by_hand_are_still_read_by_the_code()
    {
        var defaults = Platform.SourceOf("FitnessDriver.ServiceDefaults");
        Assert.Contains("\"Auth:SigningKey\"", defaults, StringComparison.Ordinal);
        Assert.Contains("\"Auth:TokenLifetimeDays\"", defaults, StringComparison.Ordinal);
        Assert.Contains("\"OTEL_EXPORTER_OTLP_ENDPOINT\"", defaults, StringComparison.Ordinal);
        Assert.Contains("\"Services:Profiles:Url\"", Platform.SourceOf("FitnessDriver.Gamification"), StringComparison.Ordinal);
        Assert.Empty(EnvironmentRules.StaleSections());
    }

    [Fact]
    public void Settings_a_program_does_not_read_are_rejected()
    {
        var telemetry = Workload("Telemetry", new()
        {
            ["Auth__SigningKey"] = Key(32),
            ["EventLog__Kafka__BootstrapServer"] = "kafka:9092",
            ["EventLog__Kafka__Settings__security.protocol"] = "SSL",
            ["ConnectionStrings__Postgres"] = "Host=db",
        });
        Assert.Equal(["EventLog__Kafka__BootstrapServer", "ConnectionStrings__Postgres"], EnvironmentRules.Unknown(telemetry).Select(FirstVariable));
        Assert.Contains(EnvironmentRules.Missing(telemetry), p => p.Contains("EventLog__Kafka__BootstrapServers", StringComparison.Ordinal));

        var timeseries = Workload("TimeSeries", new() { ["ConnectionStrings__Profiles"] = "Host=db", ["Services__Profiles__Url"] = "http://profiles" });
        Assert.Equal(["ConnectionStrings__Profiles", "Services__Profiles__Url"], EnvironmentRules.Unknown(timeseries).Select(FirstVariable));

        var profiles = Workload("Profiles", new() { ["EventLog__Kafka__BootstrapServers"] = "kafka:9092", ["Auth__SigningKey"] = Key(32) });
        Assert.Equal(["EventLog__Kafka__BootstrapServers"], EnvironmentRules.Unknown(profiles).Select(FirstVariable));
    }

    [Fact]
    public void Missing_settings_are_reported()
    {
        Assert.Equal(4, EnvironmentRules.Missing(Workload("Gamification", [])).Count());
        Assert.Equal(2, EnvironmentRules.Missing(Workload("Profiles", new() { ["ConnectionStrings__Postgres"] = "Host=db" })).Count());
        Assert.Equal(ApiRoutes.Services.Count, EnvironmentRules.Missing(Workload("Gateway", [])).Count());
    }

    [Fact]
    public void Values_the_code_would_reject_are_reported()
    {
        Assert.Single(EnvironmentRules.BadValues(Workload("Notifications", new() { ["Auth__SigningKey"] = Key(16) })));
        Assert.Single(EnvironmentRules.BadValues(Workload("Notifications", new() { ["EventLog__Kafka__ReplicationFactor"] = "2", ["EventLog__Kafka__MinInSyncReplicas"] = "3" })));
        Assert.Single(EnvironmentRules.BadValues(Workload("Notifications", new() { ["EventLog__Kafka__Partitions__telemetry.sample"] = "6" })));
        Assert.Single(EnvironmentRules.BadValues(Workload("Notifications", new() { ["EventLog__Kafka__DefaultPartitions"] = "twelve" })));
        Assert.Single(EnvironmentRules.BadValues(Workload("Notifications", new() { ["ASPNETCORE_HTTP_PORTS"] = "80" })));
        Assert.Empty(EnvironmentRules.BadValues(Workload("Notifications", new() { ["EventLog__Kafka__Partitions__telemetry.samples.dlq"] = "3", ["Auth__SigningKey"] = Key(32) })));
    }

    private static Workload Workload(string name, Dictionary<string, string> environment) =>
        new($"test {name}", name.ToLowerInvariant(), Platform.Named(name),
            environment.ToDictionary(e => e.Key, e => (EnvSource)new Literal(e.Value), StringComparer.Ordinal));

    private static string Key(int bytes) => Convert.ToBase64String(new byte[bytes]);

    private static string FirstVariable(string problem) => problem.Split("sets ", 2)[1].Split(',')[0];
}
