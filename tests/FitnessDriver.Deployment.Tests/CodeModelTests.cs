using FitnessDriver.Contracts;
using FitnessDriver.Gamification;
using FitnessDriver.Gateway;
using FitnessDriver.Notifications;
using FitnessDriver.Profiles.Identity;
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
        Assert.Equal(["fd_profiles", null, "fd_timeseries", "fd_gamification", "fd_notifications", null], Platform.Deployables.Select(d => d.Role));
        Assert.Equal([true, true, true, true, true, false], Platform.Deployables.Select(d => d.UsesKafka));
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
        foreach (var (key, _) in EnvironmentRules.ProcessKeys)
            Assert.Contains($"\"{key}\"", defaults, StringComparison.Ordinal);
        Assert.Contains($"GetSection(\"{EnvironmentRules.RateLimitsSection}\")", defaults, StringComparison.Ordinal);
        Assert.Contains("\"OTEL_EXPORTER_OTLP_ENDPOINT\"", defaults, StringComparison.Ordinal);
        Assert.Contains($"GetSection({nameof(AuthOptions)}.{nameof(AuthOptions.SectionName)})", Platform.SourceOf("FitnessDriver.Profiles"), StringComparison.Ordinal);
        Assert.Contains("\"Services:Profiles:Url\"", Platform.SourceOf("FitnessDriver.Gamification"), StringComparison.Ordinal);
        Assert.Empty(EnvironmentRules.StaleSections());
    }

    [Fact]
    public void Settings_a_program_does_not_read_are_rejected()
    {
        var telemetry = Workload("Telemetry", new()
        {
            ["Management__Token"] = Token(16),
            ["Auth__SigningKey"] = "a retired shared key",
            ["Auth__AccessTokenMinutes"] = "15",
            ["EventLog__Kafka__BootstrapServer"] = "kafka:9092",
            ["EventLog__Kafka__Settings__security.protocol"] = "SSL",
            ["ConnectionStrings__Postgres"] = "Host=db",
            ["Network__TrustedProxies__0"] = "10.0.0.0/8",
            ["Network__TrustedProxies__first"] = "10.0.0.0/8",
            ["RateLimits__WriteBurst"] = "400",
            ["RateLimits__Writes"] = "400",
        });
        Assert.Equal(
            ["Auth__SigningKey", "Auth__AccessTokenMinutes", "EventLog__Kafka__BootstrapServer", "ConnectionStrings__Postgres", "Network__TrustedProxies__first", "RateLimits__Writes"],
            EnvironmentRules.Unknown(telemetry).Select(FirstVariable));
        Assert.Contains(EnvironmentRules.Missing(telemetry), p => p.Contains("EventLog__Kafka__BootstrapServers", StringComparison.Ordinal));

        var timeseries = Workload("TimeSeries", new() { ["ConnectionStrings__Profiles"] = "Host=db", ["Services__Profiles__Url"] = "http://profiles" });
        Assert.Equal(["ConnectionStrings__Profiles", "Services__Profiles__Url"], EnvironmentRules.Unknown(timeseries).Select(FirstVariable));

        var profiles = Workload("Profiles", new()
        {
            ["EventLog__Kafka__BootstrapServers"] = "kafka:9092",
            ["Auth__AccessTokenMinutes"] = "10",
            ["Auth__PasswordIterations"] = "700000",
            ["Auth__SigningKey"] = "a retired shared key",
            ["Auth__TokenLifetimeDays"] = "30",
            ["RateLimits__SignUpBurst"] = "100",
        });
        Assert.Equal(["Auth__SigningKey", "Auth__TokenLifetimeDays"], EnvironmentRules.Unknown(profiles).Select(FirstVariable));

        var gateway = Workload("Gateway", new()
        {
            ["Management__Token"] = Token(16),
            ["Https__SelfSigned"] = "true",
            ["Https__HostNames__0"] = "api.example.com",
            ["Kestrel__Certificates__Default__Path"] = "/tls/tls.crt",
            ["Kestrel__Certificates__Default__KeyPath"] = "/tls/tls.key",
            ["RateLimits__SignUpBurst"] = "100",
            ["Auth__AccessTokenMinutes"] = "10",
        });
        Assert.Equal(["RateLimits__SignUpBurst", "Auth__AccessTokenMinutes"], EnvironmentRules.Unknown(gateway).Select(FirstVariable));
    }

    [Fact]
    public void Missing_settings_are_reported()
    {
        // Management__Token, Kafka, its database, the address of Profiles.
        Assert.Equal(4, EnvironmentRules.Missing(Workload("Gamification", [])).Count());
        // Management__Token, Kafka, a database of its own.
        Assert.Equal(3, EnvironmentRules.Missing(Workload("Profiles", new() { ["ConnectionStrings__Postgres"] = "Host=db" })).Count());
        Assert.Equal(ApiRoutes.Services.Count + 1, EnvironmentRules.Missing(Workload("Gateway", [])).Count());
        Assert.Contains(EnvironmentRules.Missing(Workload("Gateway", [])), p => p.Contains("Management__Token", StringComparison.Ordinal));
    }

    [Fact]
    public void Values_the_code_would_reject_are_reported()
    {
        Assert.Single(EnvironmentRules.BadValues(Workload("Notifications", new() { ["Management__Token"] = Token(15) })));
        Assert.Single(EnvironmentRules.BadValues(Workload("Gateway", new() { ["Network__TrustedProxies__0"] = "the pod network" })));
        Assert.Single(EnvironmentRules.BadValues(Workload("Telemetry", new() { ["RateLimits__WriteBurst"] = "many" })));
        Assert.Single(EnvironmentRules.BadValues(Workload("Profiles", new() { ["Auth__AccessTokenMinutes"] = "a quarter hour" })));
        Assert.Single(EnvironmentRules.BadValues(Workload("Notifications", new() { ["EventLog__Kafka__ReplicationFactor"] = "2", ["EventLog__Kafka__MinInSyncReplicas"] = "3" })));
        Assert.Single(EnvironmentRules.BadValues(Workload("Notifications", new() { ["EventLog__Kafka__Partitions__telemetry.sample"] = "6" })));
        Assert.Single(EnvironmentRules.BadValues(Workload("Notifications", new() { ["EventLog__Kafka__DefaultPartitions"] = "twelve" })));
        Assert.Single(EnvironmentRules.BadValues(Workload("Notifications", new() { ["ASPNETCORE_HTTP_PORTS"] = "80" })));
        Assert.Empty(EnvironmentRules.BadValues(Workload("Notifications", new()
        {
            ["EventLog__Kafka__Partitions__telemetry.samples.dlq"] = "3",
            ["Management__Token"] = Token(16),
            ["Network__TrustedProxies__0"] = "10.0.0.0/8",
            ["Network__TrustedProxies__1"] = "fd00::/8",
            ["RateLimits__WebSockets"] = "20000",
        })));
    }

    [Fact]
    public void Tokens_and_passwords_must_come_from_secrets()
    {
        Assert.True(EnvironmentRules.IsSecret("Management__Token"));
        Assert.True(EnvironmentRules.IsSecret("ConnectionStrings__Profiles"));
        Assert.True(EnvironmentRules.IsSecret("Kestrel__Certificates__Default__Password"));
        Assert.False(EnvironmentRules.IsSecret("Network__TrustedProxies__0"));
    }

    private static Workload Workload(string name, Dictionary<string, string> environment) =>
        new($"test {name}", name.ToLowerInvariant(), Platform.Named(name),
            environment.ToDictionary(e => e.Key, e => (EnvSource)new Literal(e.Value), StringComparer.Ordinal));

    private static string Token(int characters) => new('x', characters);

    private static string FirstVariable(string problem) => problem.Split("sets ", 2)[1].Split(',')[0];
}
