using System.Reflection;
using FitnessDriver.Contracts;
using FitnessDriver.EventLog.Kafka;
using Microsoft.Extensions.Configuration;

namespace FitnessDriver.Deployment.Tests;

/// <summary>
/// Which environment variables each program reads, which it cannot start (or work) without, and whether the values the
/// files hold make sense to the code that reads them.
/// </summary>
internal static class EnvironmentRules
{
    /// <summary>Read by ASP.NET Core, the .NET host and the OpenTelemetry SDK in every process.</summary>
    private static readonly string[] Runtime =
    [
        "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_RESOURCE_ATTRIBUTES",
    ];

    private const string SigningKey = "Auth__SigningKey";
    private const string KafkaPrefix = "EventLog__Kafka__";
    private static readonly string BootstrapServers = KafkaPrefix + nameof(KafkaEventLogOptions.BootstrapServers);

    /// <summary>Configuration sections that services bind as a whole, with the project whose source reads them.</summary>
    private static readonly (string Project, string Key)[] Sections =
    [
        ("FitnessDriver.Gamification", "Gamification"),
        ("FitnessDriver.TimeSeries", "TimeSeries:Fusion:Priority"),
    ];

    /// <summary>Every variable a workload sets that its program does not read, each with why.</summary>
    public static IEnumerable<string> Unknown(Workload workload) =>
        workload.Environment.Keys.Where(name => !IsKnown(workload.Deployable, name))
            .Select(name => $"{workload}: sets {name}, which {workload.Deployable} does not read{Hint(workload.Deployable, name)}.");

    /// <summary>Every variable a workload lacks that its program needs.</summary>
    public static IEnumerable<string> Missing(Workload workload)
    {
        var d = workload.Deployable;
        bool Has(string name) => workload.Environment.ContainsKey(name);
        if (!d.IsGateway && !Has(SigningKey))
            yield return $"{workload}: no {SigningKey}; every service must validate tokens with the shared key.";
        if (d.UsesKafka && !Has(BootstrapServers) && !Has(KafkaEventLogRegistration.BootstrapServersVariable))
            yield return $"{workload}: no {BootstrapServers}; {d} does not start without Kafka.";
        if (d.Database is { } database && !Has($"ConnectionStrings__{database}") && !Has("ConnectionStrings__Postgres"))
            yield return $"{workload}: no ConnectionStrings__{database} or ConnectionStrings__Postgres; {d} keeps its data in PostgreSQL.";
        // Personal data lives apart: Profiles must never fall back to the database the other services share.
        if (d.Database == "Profiles" && !Has("ConnectionStrings__Profiles"))
            yield return $"{workload}: no ConnectionStrings__Profiles; personal data needs a database of its own.";
        foreach (var service in d.ServiceUrls.Where(s => !Has($"Services__{s}__Url")))
            yield return $"{workload}: no Services__{service}__Url, which {d} reads to reach {service}.";
    }

    /// <summary>Values the code would reject or that defeat its purpose.</summary>
    public static IEnumerable<string> BadValues(Workload workload)
    {
        if (workload.Value("ASPNETCORE_HTTP_PORTS") is { } ports && ports != "8080")
            yield return $"{workload}: ASPNETCORE_HTTP_PORTS={ports}; containers listen on 8080 and the probes and Services target it.";
        if (workload.Value(SigningKey) is { } key && !IsSigningKey(key))
            yield return $"{workload}: {SigningKey} is not the base64 of at least 32 bytes.";
        if (workload.Deployable.UsesKafka)
        {
            string? problem = null;
            try
            {
                var options = Kafka(workload);
                if (options.MinInSyncReplicas > options.ReplicationFactor)
                    problem = $"MinInSyncReplicas {options.MinInSyncReplicas} exceeds ReplicationFactor {options.ReplicationFactor}: no append could be acknowledged";
                else if (options.Partitions.Keys.FirstOrDefault(t => !PlatformTopics.Contains(t)) is { } stray)
                    problem = $"partitions set for {stray}, which is not a topic of the platform ({string.Join(", ", PlatformTopics)})";
                else if (options.PartitionsOf(Topics.TelemetrySamples) < 1)
                    problem = "fewer than one partition per topic";
            }
            catch (InvalidOperationException e)
            {
                problem = e.Message;
            }

            if (problem is not null)
                yield return $"{workload}: the Kafka settings do not bind: {problem}.";
        }
    }

    /// <summary>
    /// The Kafka options a workload's program binds from its environment (values the files do not hold, e.g. from a
    /// Secret, are left at their defaults).
    /// </summary>
    public static KafkaEventLogOptions Kafka(Workload workload)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(workload.Environment
            .Where(e => e.Key.StartsWith(KafkaPrefix, StringComparison.OrdinalIgnoreCase) && e.Value.Value is not null)
            .Select(e => KeyValuePair.Create<string, string?>(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value.Value))).Build();
        var options = new KafkaEventLogOptions();
        configuration.GetSection(KafkaEventLogOptions.SectionName).Bind(options);
        if (string.IsNullOrEmpty(options.BootstrapServers))
            options.BootstrapServers = workload.Value(KafkaEventLogRegistration.BootstrapServersVariable) ?? "";
        return options;
    }

    public static IReadOnlyList<string> PlatformTopics { get; } = [.. Topics.All, .. Topics.All.Select(Topics.DeadLetter)];

    public static bool IsSigningKey(string value)
    {
        var bytes = new byte[value.Length];
        return Convert.TryFromBase64String(value, bytes, out var length) && length >= 32;
    }

    /// <summary>Every Kafka option that can be set, from <see cref="KafkaEventLogOptions"/>'s public settable properties.</summary>
    public static IEnumerable<(string Name, bool IsDictionary)> KafkaOptions =>
        typeof(KafkaEventLogOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .Select(p => (p.Name, p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>)));

    public static bool IsKnown(Deployable d, string name)
    {
        if (Runtime.Contains(name, StringComparer.OrdinalIgnoreCase) || StartsWith(name, "Logging__"))
            return true;
        if (!d.IsGateway && (Is(name, SigningKey) || Is(name, "Auth__TokenLifetimeDays")))
            return true;
        if (d.Database is { } database && (Is(name, "ConnectionStrings__Postgres") || Is(name, $"ConnectionStrings__{database}")))
            return true;
        if (d.UsesKafka && (Is(name, KafkaEventLogRegistration.BootstrapServersVariable)
                || KafkaOptions.Any(o => o.IsDictionary ? StartsWith(name, $"{KafkaPrefix}{o.Name}__") : Is(name, KafkaPrefix + o.Name))))
            return true;
        if (d.ServiceUrls.Any(s => Is(name, $"Services__{s}__Url")))
            return true;
        return Sections.Any(s => s.Project == d.Project && StartsWith(name, s.Key.Replace(":", "__", StringComparison.Ordinal) + "__"));
    }

    /// <summary>The configuration keys of <see cref="Sections"/> must still be in the code, or the exemptions are stale.</summary>
    public static IEnumerable<string> StaleSections() =>
        Sections.Where(s => !Platform.SourceOf(s.Project).Contains($"\"{s.Key}\"", StringComparison.Ordinal))
            .Select(s => $"{s.Project} no longer reads the section \"{s.Key}\"; drop it from EnvironmentRules.Sections.");

    private static string Hint(Deployable d, string name) =>
        StartsWith(name, KafkaPrefix) && !d.UsesKafka ? " (it does not use Kafka)"
        : StartsWith(name, KafkaPrefix) ? $" (Kafka options are {string.Join(", ", KafkaOptions.Select(o => o.Name))})"
        : StartsWith(name, "ConnectionStrings__") ? d.Database is null ? " (it has no database)" : $" (it reads ConnectionStrings__{d.Database}, else ConnectionStrings__Postgres)"
        : StartsWith(name, "Services__") ? $" (it reads {(d.ServiceUrls.Count == 0 ? "no service URL" : string.Join(", ", d.ServiceUrls.Select(s => $"Services__{s}__Url")))})"
        : "";

    private static bool Is(string name, string known) => string.Equals(name, known, StringComparison.OrdinalIgnoreCase);

    private static bool StartsWith(string name, string prefix) => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && name.Length > prefix.Length;
}
