using FitnessDriver.Contracts;
using FitnessDriver.Gamification;
using FitnessDriver.Gamification.Challenges;
using FitnessDriver.Gateway;
using FitnessDriver.Notifications;
using FitnessDriver.Profiles.Identity;
using FitnessDriver.ServiceDefaults.Privacy;
using FitnessDriver.Telemetry;
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
                ("timeseries-erasure", Topics.Identity),
                ("timeseries-deletion", Topics.ActivityLifecycle),
            ],
            Platform.Named("TimeSeries").Groups.SelectMany(g => g.Topics.Select(t => (g.Name, t))));
        Assert.Equal(
            [
                (ProgressSink.GroupName, Topics.TelemetrySamples), (VisibilitySink.GroupName, Topics.ActivityLifecycle), ("gamification-erasure", Topics.Identity),
                ("gamification-deletion", Topics.ActivityLifecycle),
            ],
            Platform.Named("Gamification").Groups.SelectMany(g => g.Topics.Select(t => (g.Name, t))));
        Assert.Equal(
            [(InboxSink.GroupName, Topics.Achievements), (InboxSink.GroupName, Topics.Social), ("notifications-imports", Topics.Imports), ("notifications-erasure", Topics.Identity)],
            Platform.Named("Notifications").Groups.SelectMany(g => g.Topics.Select(t => (g.Name, t))));
        Assert.Equal(
            [
                (Social.Feed.ActivitySink.GroupName, Topics.ActivityLifecycle), (Social.Feed.AchievementSink.GroupName, Topics.Achievements), (Social.Feed.TallySink.GroupName, Topics.TelemetrySamples),
                ("social-erasure", Topics.Identity), ("social-deletion", Topics.ActivityLifecycle),
                (Social.Groups.GroupSampleSink.GroupName, Topics.TelemetrySamples), (Social.Groups.GroupLifecycleSink.GroupName, Topics.ActivityLifecycle),
            ],
            Platform.Named("Social").Groups.SelectMany(g => g.Topics.Select(t => (g.Name, t))));
        Assert.Equal([(ActivityStoreSink.GroupName, Topics.ActivityLifecycle), ("telemetry-erasure", Topics.Identity)], Platform.Named("Telemetry").Groups.SelectMany(g => g.Topics.Select(t => (g.Name, t))));

        Assert.Equal(["Profiles", "Telemetry", "TimeSeries", "Gamification", "Notifications", "Social", null], Platform.Deployables.Select(d => d.Database));
        Assert.Equal(["fd_profiles", "fd_telemetry", "fd_timeseries", "fd_gamification", "fd_notifications", "fd_social", null], Platform.Deployables.Select(d => d.Role));
        Assert.Equal([true, true, true, true, true, true, false], Platform.Deployables.Select(d => d.UsesKafka));
        // Telemetry and Notifications reach Profiles only for data keys, through the key client of ServiceDefaults; TimeSeries also
        // asks Social who follows and blocks whom; Gamification also reads the tracks segments are made from in TimeSeries and asks
        // Social whether the caller is in a club; Social reads display names from Profiles; Profiles reads the public API through
        // the gateway for exports.
        Assert.Equal([["Gateway"], ["Profiles"], ["Profiles", "Social"], ["Profiles", "TimeSeries", "Social"], ["Profiles"], ["Profiles"], ApiRoutes.Services],
            Platform.Deployables.Select(d => d.ServiceUrls));
        Assert.Equal([DataKeys.Kept, DataKeys.Fetched, DataKeys.Fetched, DataKeys.Fetched, DataKeys.Fetched, DataKeys.Fetched, DataKeys.None], Platform.Deployables.Select(d => d.Keys));
        Assert.Equal(
            [
                "FitnessDriver.Profiles", "FitnessDriver.Telemetry", "FitnessDriver.TimeSeries", "FitnessDriver.Gamification", "FitnessDriver.Notifications", "FitnessDriver.Social",
                "FitnessDriver.Gateway",
            ],
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
        Assert.Contains("\"Services:Social:Url\"", Platform.SourceOf("FitnessDriver.TimeSeries"), StringComparison.Ordinal);
        Assert.Contains("\"Services:Profiles:Url\"", defaults, StringComparison.Ordinal);
        Assert.Contains(Key(EnvironmentRules.KeysToken), defaults, StringComparison.Ordinal);
        Assert.Contains(Key(EnvironmentRules.SealEvents), defaults, StringComparison.Ordinal);
        var profiles = Platform.SourceOf("FitnessDriver.Profiles");
        foreach (var variable in new[] { EnvironmentRules.KeysToken, EnvironmentRules.MasterKey, EnvironmentRules.Regions, EnvironmentRules.DefaultRegion })
            Assert.Contains(Key(variable), profiles, StringComparison.Ordinal);
        foreach (var setting in EnvironmentRules.RegionSettings)
            Assert.Contains($"[\"{setting}\"]", profiles, StringComparison.Ordinal);
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
            ["ConnectionStrings__Profiles"] = "Host=db",
            ["Network__TrustedProxies__0"] = "10.0.0.0/8",
            ["Network__TrustedProxies__first"] = "10.0.0.0/8",
            ["RateLimits__WriteBurst"] = "400",
            ["RateLimits__Writes"] = "400",
        });
        Assert.Equal(
            ["Auth__SigningKey", "Auth__AccessTokenMinutes", "EventLog__Kafka__BootstrapServer", "ConnectionStrings__Profiles", "Network__TrustedProxies__first", "RateLimits__Writes"],
            EnvironmentRules.Unknown(telemetry).Select(FirstVariable));
        Assert.Contains(EnvironmentRules.Missing(telemetry), p => p.Contains("EventLog__Kafka__BootstrapServers", StringComparison.Ordinal));

        var timeseries = Workload("TimeSeries", new()
        {
            ["ConnectionStrings__Profiles"] = "Host=db",
            ["Services__Profiles__Url"] = "http://profiles",
            ["Services__Gamification__Url"] = "http://gamification",
            ["Keys__Token"] = Token(16),
            ["Privacy__SealEvents"] = "true",
            ["Privacy__MasterKey"] = MasterKey(),
            ["Profiles__DefaultRegion"] = "eu",
        });
        Assert.Equal(["ConnectionStrings__Profiles", "Services__Gamification__Url", "Privacy__MasterKey", "Profiles__DefaultRegion"],
            EnvironmentRules.Unknown(timeseries).Select(FirstVariable));

        // Notifications opens sealed achievements with fetched keys, but seals nothing itself: it reads SealEvents anyway
        // through the shared key client, as every fetching service does.
        var notifications = Workload("Notifications", new() { ["Keys__Token"] = Token(16), ["Services__Gateway__Url"] = "http://gateway" });
        Assert.Equal(["Services__Gateway__Url"], EnvironmentRules.Unknown(notifications).Select(FirstVariable));

        // Social asks Profiles for display names and keys, and nobody else: other services ask it.
        var social = Workload("Social", new()
        {
            ["ConnectionStrings__Social"] = "Host=db",
            ["ConnectionStrings__Notifications"] = "Host=db",
            ["Services__Profiles__Url"] = "http://profiles",
            ["Services__Social__Url"] = "http://social",
            ["Keys__Token"] = Token(16),
        });
        Assert.Equal(["ConnectionStrings__Notifications", "Services__Social__Url"], EnvironmentRules.Unknown(social).Select(FirstVariable));

        var profiles = Workload("Profiles", new()
        {
            ["EventLog__Kafka__BootstrapServers"] = "kafka:9092",
            ["Auth__AccessTokenMinutes"] = "10",
            ["Auth__PasswordIterations"] = "700000",
            ["Auth__SigningKey"] = "a retired shared key",
            ["Auth__TokenLifetimeDays"] = "30",
            ["RateLimits__SignUpBurst"] = "100",
            ["Keys__Token"] = Token(16),
            ["Privacy__MasterKey"] = MasterKey(),
            ["Privacy__SealEvents"] = "true",
            ["Profiles__DefaultRegion"] = "eu",
            ["Profiles__Regions__eu__Code"] = "1",
            ["Profiles__Regions__eu__ConnectionString"] = "Host=db-eu",
            ["Profiles__Regions__eu__Country"] = "DE",
            ["Profiles__Regions__Code"] = "2",
        });
        Assert.Equal(["Auth__SigningKey", "Auth__TokenLifetimeDays", "Privacy__SealEvents", "Profiles__Regions__eu__Country", "Profiles__Regions__Code"],
            EnvironmentRules.Unknown(profiles).Select(FirstVariable));

        var gateway = Workload("Gateway", new()
        {
            ["Management__Token"] = Token(16),
            ["Https__SelfSigned"] = "true",
            ["Https__HostNames__0"] = "api.example.com",
            ["Kestrel__Certificates__Default__Path"] = "/tls/tls.crt",
            ["Kestrel__Certificates__Default__KeyPath"] = "/tls/tls.key",
            ["RateLimits__SignUpBurst"] = "100",
            ["Auth__AccessTokenMinutes"] = "10",
            ["Keys__Token"] = Token(16),
        });
        Assert.Equal(["RateLimits__SignUpBurst", "Auth__AccessTokenMinutes", "Keys__Token"], EnvironmentRules.Unknown(gateway).Select(FirstVariable));
    }

    [Fact]
    public void Missing_settings_are_reported()
    {
        // Management__Token, Kafka, its database, the addresses of Profiles, TimeSeries and Social, the token of Profiles' key endpoint.
        Assert.Equal(7, EnvironmentRules.Missing(Workload("Gamification", [])).Count());
        Assert.Contains(EnvironmentRules.Missing(Workload("Gamification", [])), p => p.Contains("Services__TimeSeries__Url", StringComparison.Ordinal));
        // Management__Token, Kafka, its database (archive imports), the address of Profiles and the token for data keys.
        Assert.Equal(5, EnvironmentRules.Missing(Workload("Telemetry", [])).Count());
        Assert.Contains(EnvironmentRules.Missing(Workload("TimeSeries", [])), p => p.Contains("Keys__Token", StringComparison.Ordinal));
        Assert.Contains(EnvironmentRules.Missing(Workload("TimeSeries", [])), p => p.Contains("Services__Profiles__Url", StringComparison.Ordinal));
        // Alone, TimeSeries asks Social who follows and blocks whom before it shows one athlete's activities to another.
        Assert.Contains(EnvironmentRules.Missing(Workload("TimeSeries", [])), p => p.Contains("Services__Social__Url", StringComparison.Ordinal));
        // Management__Token, Kafka, its database, the address of Profiles (display names, data keys) and the token for data keys.
        Assert.Equal(5, EnvironmentRules.Missing(Workload("Social", [])).Count());
        // Management__Token, Kafka, a database of its own, the token it serves data keys to, the master key, the gateway
        // its exports read through.
        Assert.Equal(6, EnvironmentRules.Missing(Workload("Profiles", new() { ["ConnectionStrings__Postgres"] = "Host=db" })).Count());
        Assert.Contains(EnvironmentRules.Missing(Workload("Profiles", [])), p => p.Contains("Privacy__MasterKey", StringComparison.Ordinal));
        // With residency regions, each region's own database instead of ConnectionStrings__Profiles.
        var regions = EnvironmentRules.Missing(Workload("Profiles", new()
        {
            ["Management__Token"] = Token(16),
            ["EventLog__Kafka__BootstrapServers"] = "kafka:9092",
            ["Keys__Token"] = Token(16),
            ["Privacy__MasterKey"] = MasterKey(),
            ["Services__Gateway__Url"] = "http://gateway",
            ["Profiles__Regions__eu__Code"] = "1",
            ["Profiles__Regions__eu__ConnectionString"] = "Host=db-eu",
            ["Profiles__Regions__ru__Code"] = "2",
        }));
        Assert.Equal(["no Profiles__Regions__ru__ConnectionString"], regions.Select(p => p.Split(": ", 2)[1].Split(';')[0]));
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
        Assert.Single(EnvironmentRules.BadValues(Workload("Telemetry", new() { ["Keys__Token"] = Token(15) })));
        Assert.Single(EnvironmentRules.BadValues(Workload("Telemetry", new() { ["Keys__Token"] = Token(16), ["Management__Token"] = Token(16) })));
        Assert.Single(EnvironmentRules.BadValues(Workload("Telemetry", new() { ["Privacy__SealEvents"] = "false" })));
        Assert.Single(EnvironmentRules.BadValues(Workload("Telemetry", new() { ["Privacy__SealEvents"] = "off" })));
        Assert.Single(EnvironmentRules.BadValues(Workload("Profiles", new() { ["Privacy__MasterKey"] = Convert.ToBase64String(new byte[16]) })));
        Assert.Single(EnvironmentRules.BadValues(Workload("Profiles", new() { ["Privacy__MasterKey"] = "REPLACE_ME" })));
        Assert.Single(EnvironmentRules.BadValues(Workload("Profiles", new() { ["Profiles__DefaultRegion"] = "eu" })));
        Assert.Equal(2, EnvironmentRules.BadValues(Workload("Profiles", new()
        {
            ["Profiles__Regions__eu__Code"] = "7",
            ["Profiles__Regions__ru__Code"] = "7",
            ["Profiles__Regions__us__Code"] = "256",
            ["Profiles__DefaultRegion"] = "eu",
        })).Count());
        Assert.Empty(EnvironmentRules.BadValues(Workload("Notifications", new()
        {
            ["EventLog__Kafka__Partitions__telemetry.samples.dlq"] = "3",
            ["Management__Token"] = Token(16),
            ["Network__TrustedProxies__0"] = "10.0.0.0/8",
            ["Network__TrustedProxies__1"] = "fd00::/8",
            ["RateLimits__WebSockets"] = "20000",
        })));
        Assert.Empty(EnvironmentRules.BadValues(Workload("Profiles", new()
        {
            ["Keys__Token"] = Token(16),
            ["Privacy__MasterKey"] = MasterKey(),
            ["Profiles__Regions__eu__Code"] = "1",
            ["Profiles__Regions__ru__Code"] = "255",
            ["Profiles__DefaultRegion"] = "eu",
        })));
        Assert.Empty(EnvironmentRules.BadValues(Workload("TimeSeries", new() { ["Keys__Token"] = Token(16), ["Privacy__SealEvents"] = "true" })));
    }

    [Fact]
    public void Tokens_and_passwords_must_come_from_secrets()
    {
        Assert.True(EnvironmentRules.IsSecret("Management__Token"));
        Assert.True(EnvironmentRules.IsSecret("ConnectionStrings__Profiles"));
        Assert.True(EnvironmentRules.IsSecret("Kestrel__Certificates__Default__Password"));
        Assert.True(EnvironmentRules.IsSecret("Keys__Token"));
        Assert.True(EnvironmentRules.IsSecret("Privacy__MasterKey"));
        Assert.True(EnvironmentRules.IsSecret("Profiles__Regions__eu__ConnectionString"));
        Assert.False(EnvironmentRules.IsSecret("Profiles__Regions__eu__Code"));
        Assert.False(EnvironmentRules.IsSecret("Profiles__DefaultRegion"));
        Assert.False(EnvironmentRules.IsSecret("Privacy__SealEvents"));
        Assert.False(EnvironmentRules.IsSecret("Network__TrustedProxies__0"));
    }

    [Fact]
    public void The_gateway_does_not_route_the_key_endpoint()
    {
        // Profiles hands athletes' data keys to the services at this path; only they may reach it, never the public.
        foreach (var route in ApiRoutes.Routes)
        {
            var path = route.Match.Path ?? "";
            var routed = path.IndexOf("{**", StringComparison.Ordinal) is var rest and >= 0
                ? RemoteAthleteKeys.Path.StartsWith(path[..rest], StringComparison.OrdinalIgnoreCase)
                : string.Equals(path, RemoteAthleteKeys.Path, StringComparison.OrdinalIgnoreCase);
            Assert.False(routed, $"The gateway's route {route.RouteId} takes {RemoteAthleteKeys.Path}.");
        }
    }

    private static Workload Workload(string name, Dictionary<string, string> environment) =>
        new($"test {name}", name.ToLowerInvariant(), Platform.Named(name),
            environment.ToDictionary(e => e.Key, e => (EnvSource)new Literal(e.Value), StringComparer.Ordinal));

    private static string Token(int characters) => new('x', characters);

    private static string MasterKey() => Convert.ToBase64String(new byte[32]);

    /// <summary>A variable as the source names its configuration key, quoted: <c>Keys__Token</c> is <c>"Keys:Token"</c>.</summary>
    private static string Key(string variable) => $"\"{variable.Replace("__", ":", StringComparison.Ordinal)}\"";

    private static string FirstVariable(string problem) => problem.Split("sets ", 2)[1].Split(',')[0];
}
