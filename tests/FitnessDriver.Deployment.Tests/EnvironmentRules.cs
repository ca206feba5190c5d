using System.Net;
using System.Reflection;
using FitnessDriver.Contracts;
using FitnessDriver.EventLog.Kafka;
using FitnessDriver.Profiles;
using FitnessDriver.Profiles.Identity;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.TimeSeries;
using Microsoft.Extensions.Configuration;

namespace FitnessDriver.Deployment.Tests;

/// <summary>
/// Which environment variables each program reads, which it cannot start (or work) without, and whether the values the
/// files hold make sense to the code that reads them.
/// </summary>
internal static class EnvironmentRules
{
    /// <summary>Read by ASP.NET Core (Kestrel's certificate for https:// addresses), the .NET host and the OpenTelemetry SDK in every process.</summary>
    private static readonly string[] Runtime =
    [
        "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT",
        "Kestrel__Certificates__Default__Path", "Kestrel__Certificates__Default__KeyPath", "Kestrel__Certificates__Default__Password",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_RESOURCE_ATTRIBUTES",
    ];

    public const string ManagementToken = "Management__Token";
    private const string TrustedProxies = "Network__TrustedProxies";
    private const string KafkaPrefix = "EventLog__Kafka__";
    private static readonly string BootstrapServers = KafkaPrefix + nameof(KafkaEventLogOptions.BootstrapServers);

    /// <summary>Shared by Profiles, which hands out athletes' data keys, and the services that fetch them; at least 16 characters.</summary>
    public const string KeysToken = "Keys__Token";

    /// <summary>Profiles' master key, which wraps every athlete's data key: base64 of 32 bytes.</summary>
    public const string MasterKey = "Privacy__MasterKey";

    /// <summary>Whether the services that fetch keys seal what they append to the log; on unless false.</summary>
    public const string SealEvents = "Privacy__SealEvents";

    /// <summary>Profiles' residency regions, <c>Profiles__Regions__&lt;name&gt;__Code</c> and <c>__ConnectionString</c>.</summary>
    public const string Regions = "Profiles__Regions";

    /// <summary>The settings of each region, as <see cref="ProfileRegions"/> reads them.</summary>
    public static IReadOnlyList<string> RegionSettings { get; } = ["Code", "ConnectionString"];

    /// <summary>The region of athletes who choose none; it must be one of <see cref="Regions"/>.</summary>
    public const string DefaultRegion = "Profiles__DefaultRegion";

    /// <summary>
    /// Keys every process, the gateway included, reads through its process defaults (FitnessDriver.ServiceDefaults), as
    /// the source names them; a list takes an index (<c>Network__TrustedProxies__0</c>, <c>__1</c>, …).
    /// </summary>
    public static IReadOnlyList<(string Key, bool IsList)> ProcessKeys { get; } =
    [
        ("Management:Token", false),
        ("Network:TrustedProxies", true),
        ("Https:SelfSigned", false),
        ("Https:HostNames", true),
    ];

    /// <summary>The section every service (not the gateway) binds to <see cref="RateLimits.Options"/>.</summary>
    public const string RateLimitsSection = "RateLimits";

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
        // Without it the program writes a generated token into its data directory: a read-only container cannot, and
        // nobody outside would know the token /metrics wants.
        if (!Has(ManagementToken))
            yield return $"{workload}: no {ManagementToken}; {d} would generate one into its data directory, which a container cannot write and a scraper cannot read.";
        if (d.UsesKafka && !Has(BootstrapServers) && !Has(KafkaEventLogRegistration.BootstrapServersVariable))
            yield return $"{workload}: no {BootstrapServers}; {d} does not start without Kafka.";
        // With residency regions each region names its own database, and ConnectionStrings__Profiles is not read.
        var regions = RegionsOf(workload);
        if (regions.Count == 0 && d.Database is { } database && !Has($"ConnectionStrings__{database}") && !Has("ConnectionStrings__Postgres"))
            yield return $"{workload}: no ConnectionStrings__{database} or ConnectionStrings__Postgres; {d} keeps its data in PostgreSQL.";
        // Personal data lives apart: Profiles must never fall back to the database the other services share.
        if (regions.Count == 0 && d.Database == "Profiles" && !Has("ConnectionStrings__Profiles"))
            yield return $"{workload}: no ConnectionStrings__Profiles; personal data needs a database of its own.";
        foreach (var region in regions.Where(r => !r.Value.ContainsKey("ConnectionString")))
            yield return $"{workload}: no {Regions}__{region.Key}__ConnectionString; {d} does not start without each region's database.";
        foreach (var service in d.ServiceUrls.Where(s => !Has($"Services__{s}__Url")))
            yield return $"{workload}: no Services__{service}__Url, which {d} reads to reach {service}.";
        if (d.Keys == DataKeys.Fetched && !Has(KeysToken))
            yield return $"{workload}: no {KeysToken}; {d} could not fetch athletes' data keys from Profiles, so it could neither seal nor read their data.";
        if (d.Keys == DataKeys.Kept && !Has(KeysToken))
            yield return $"{workload}: no {KeysToken}; {d} would not serve athletes' data keys, and the services that seal or read their data would fail.";
        // Without it Profiles creates a key file in its data directory: a read-only container cannot, and each replica
        // would wrap keys with a master key of its own.
        if (d.Keys == DataKeys.Kept && !Has(MasterKey))
            yield return $"{workload}: no {MasterKey}; {d} would create one in its data directory, which a container cannot write and which would differ per replica.";
    }

    /// <summary>Values the code would reject or that defeat its purpose.</summary>
    public static IEnumerable<string> BadValues(Workload workload)
    {
        if (workload.Value("ASPNETCORE_HTTP_PORTS") is { } ports && ports != "8080")
            yield return $"{workload}: ASPNETCORE_HTTP_PORTS={ports}; containers listen on 8080 and the probes and Services target it.";
        if (workload.Value(ManagementToken) is { } token && token.Length < 16)
            yield return $"{workload}: {ManagementToken} has {token.Length} characters; the program refuses to start with fewer than 16.";
        if (workload.Value(KeysToken) is { } keysToken && keysToken.Length < 16)
            yield return $"{workload}: {KeysToken} has {keysToken.Length} characters; Profiles serves no data keys with fewer than 16.";
        // Prometheus holds the management token: with the same token, whoever scrapes metrics could fetch every data key.
        if (workload.Environment.GetValueOrDefault(KeysToken) is { } keysSource && Equals(keysSource, workload.Environment.GetValueOrDefault(ManagementToken)))
            yield return $"{workload}: {KeysToken} is the {ManagementToken}, which scrapers hold too; the data keys need a token of their own.";
        if (workload.Value(MasterKey) is { } masterKey && !IsKey(masterKey))
            yield return $"{workload}: {MasterKey} is not base64 of 32 bytes (openssl rand -base64 32); the program refuses to start.";
        if (workload.Value(SealEvents) is { } seal)
        {
            if (!bool.TryParse(seal, out var sealing))
                yield return $"{workload}: {SealEvents}={seal} is neither true nor false; the program cannot read it.";
            else if (!sealing)
                yield return $"{workload}: {SealEvents}=false puts athletes' personal and health data in the log in the clear; switch it off only to measure what sealing costs.";
        }

        var regions = RegionsOf(workload);
        var codes = new HashSet<int>();
        foreach (var (region, settings) in regions)
        {
            // A code from a Secret is not in the repository to check.
            var source = settings.GetValueOrDefault("Code");
            if (source is FromSecret)
                continue;
            if (!int.TryParse(source?.Value, System.Globalization.CultureInfo.InvariantCulture, out var code) || code is < 1 or > 255 || !codes.Add(code))
                yield return $"{workload}: {Regions}__{region}__Code must be a number from 1 to 255, different for each region; the program refuses to start.";
        }

        if (workload.Value(DefaultRegion) is { } defaultRegion && !((regions.Count == 0 ? ["default"] : regions.Keys).Contains(defaultRegion, StringComparer.Ordinal)))
            yield return $"{workload}: {DefaultRegion}={defaultRegion} is none of the regions ({(regions.Count == 0 ? "default" : string.Join(", ", regions.Keys))}); the program refuses to start.";
        foreach (var (name, source) in workload.Environment.Where(e => IsListItem(e.Key, TrustedProxies)))
        {
            if (source.Value is { } network && !IPNetwork.TryParse(network, out _))
                yield return $"{workload}: {name}={network} is not a network such as 10.0.0.0/8; the program refuses to start.";
        }

        foreach (var (section, type) in BoundOptions(workload.Deployable))
        {
            string? problem = null;
            try
            {
                Bind(workload, section, type);
            }
            catch (InvalidOperationException e)
            {
                problem = e.Message;
            }

            if (problem is not null)
                yield return $"{workload}: the {section} settings do not bind: {problem}.";
        }

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

    /// <summary>Keys, passwords and connection strings: never in a ConfigMap or a manifest.</summary>
    public static bool IsSecret(string name) =>
        Is(name, ManagementToken) || Is(name, "Kestrel__Certificates__Default__Password") || StartsWith(name, "ConnectionStrings__")
        || Is(name, KeysToken) || Is(name, MasterKey) || (RegionSetting(name) is ({ }, var setting) && setting == "ConnectionString");

    /// <summary>
    /// The Kafka options a workload's program binds from its environment (values the files do not hold, e.g. from a
    /// Secret, are left at their defaults).
    /// </summary>
    public static KafkaEventLogOptions Kafka(Workload workload)
    {
        var options = (KafkaEventLogOptions)Bind(workload, KafkaEventLogOptions.SectionName, typeof(KafkaEventLogOptions));
        if (string.IsNullOrEmpty(options.BootstrapServers))
            options.BootstrapServers = workload.Value(KafkaEventLogRegistration.BootstrapServersVariable) ?? "";
        return options;
    }

    public static IReadOnlyList<string> PlatformTopics { get; } = [.. Topics.All, .. Topics.All.Select(Topics.DeadLetter)];

    /// <summary>Every Kafka option that can be set, from <see cref="KafkaEventLogOptions"/>'s public settable properties.</summary>
    public static IEnumerable<(string Name, bool IsDictionary)> KafkaOptions =>
        Settable(typeof(KafkaEventLogOptions))
            .Select(p => (p.Name, p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>)));

    /// <summary>
    /// The option classes a program binds besides Kafka's, with their sections: rate limits in every service,
    /// <see cref="AuthOptions"/> in the program that defines it (Profiles, which signs the tokens), and the samples
    /// writer's <see cref="SampleWriterOptions"/> in TimeSeries.
    /// </summary>
    public static IEnumerable<(string Section, Type Type)> BoundOptions(Deployable d)
    {
        if (!d.IsGateway)
            yield return (RateLimitsSection, typeof(RateLimits.Options));
        if (d.AssemblyName == typeof(AuthOptions).Assembly.GetName().Name)
            yield return (AuthOptions.SectionName, typeof(AuthOptions));
        if (d.AssemblyName == typeof(SampleWriterOptions).Assembly.GetName().Name)
            yield return (SampleWriterOptions.SectionName, typeof(SampleWriterOptions));
    }

    public static bool IsKnown(Deployable d, string name)
    {
        if (Runtime.Contains(name, StringComparer.OrdinalIgnoreCase) || StartsWith(name, "Logging__"))
            return true;
        if (ProcessKeys.Any(k => k.IsList ? IsListItem(name, Variable(k.Key)) : Is(name, Variable(k.Key))))
            return true;
        if (BoundOptions(d).Any(o => Settable(o.Type).Any(p => Is(name, $"{Variable(o.Section)}__{p.Name}"))))
            return true;
        if (d.Database is { } database && (Is(name, "ConnectionStrings__Postgres") || Is(name, $"ConnectionStrings__{database}")))
            return true;
        if (d.UsesKafka && (Is(name, KafkaEventLogRegistration.BootstrapServersVariable)
                || KafkaOptions.Any(o => o.IsDictionary ? StartsWith(name, $"{KafkaPrefix}{o.Name}__") : Is(name, KafkaPrefix + o.Name))))
            return true;
        if (d.ServiceUrls.Any(s => Is(name, $"Services__{s}__Url")))
            return true;
        if ((d.Keys != DataKeys.None && Is(name, KeysToken)) || (d.Keys == DataKeys.Fetched && Is(name, SealEvents)) || (d.Keys == DataKeys.Kept && Is(name, MasterKey)))
            return true;
        if (HasRegions(d) && (Is(name, DefaultRegion) || RegionSetting(name) is ({ }, { })))
            return true;
        return Sections.Any(s => s.Project == d.Project && StartsWith(name, Variable(s.Key) + "__"));
    }

    /// <summary>The configuration keys of <see cref="Sections"/> must still be in the code, or the exemptions are stale.</summary>
    public static IEnumerable<string> StaleSections() =>
        Sections.Where(s => !Platform.SourceOf(s.Project).Contains($"\"{s.Key}\"", StringComparison.Ordinal))
            .Select(s => $"{s.Project} no longer reads the section \"{s.Key}\"; drop it from EnvironmentRules.Sections.");

    /// <summary>Profiles' residency regions a workload configures: each region's settings by name.</summary>
    private static IReadOnlyDictionary<string, Dictionary<string, EnvSource>> RegionsOf(Workload workload)
    {
        var regions = new SortedDictionary<string, Dictionary<string, EnvSource>>(StringComparer.OrdinalIgnoreCase);
        if (!HasRegions(workload.Deployable))
            return regions;
        foreach (var (name, source) in workload.Environment)
        {
            if (RegionSetting(name) is ({ } region, { } setting))
            {
                if (!regions.TryGetValue(region, out var settings))
                    regions[region] = settings = new(StringComparer.OrdinalIgnoreCase);
                settings[setting] = source;
            }
        }

        return regions;
    }

    /// <summary>The program that keeps personal data in residency regions (<see cref="ProfileRegions"/>): Profiles.</summary>
    private static bool HasRegions(Deployable d) => d.AssemblyName == typeof(ProfileRegions).Assembly.GetName().Name;

    /// <summary>The region and setting of <c>Profiles__Regions__&lt;region&gt;__&lt;setting&gt;</c>, when the setting is one a region has.</summary>
    private static (string? Region, string? Setting) RegionSetting(string name)
    {
        if (!StartsWith(name, Regions + "__"))
            return (null, null);
        var parts = name[(Regions.Length + 2)..].Split("__");
        var setting = parts is [{ Length: > 0 }, var s] ? RegionSettings.FirstOrDefault(r => Is(s, r)) : null;
        return setting is null ? (null, null) : (parts[0], setting);
    }

    /// <summary>Base64 of exactly 32 bytes: an AES-256 key.</summary>
    private static bool IsKey(string value)
    {
        var bytes = new byte[value.Length];
        return Convert.TryFromBase64String(value, bytes, out var length) && length == 32;
    }

    /// <summary>The environment variable of a configuration key: <c>Network:TrustedProxies</c> is <c>Network__TrustedProxies</c>.</summary>
    private static string Variable(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static object Bind(Workload workload, string section, Type type)
    {
        var prefix = Variable(section) + "__";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(workload.Environment
            .Where(e => e.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && e.Value.Value is not null)
            .Select(e => KeyValuePair.Create<string, string?>(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value.Value))).Build();
        var options = Activator.CreateInstance(type)!;
        configuration.GetSection(section).Bind(options);
        return options;
    }

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);

    private static string Hint(Deployable d, string name)
    {
        string Options(string section) =>
            string.Join(", ", BoundOptions(d).Where(o => o.Section == section).SelectMany(o => Settable(o.Type)).Select(p => p.Name));

        return StartsWith(name, KafkaPrefix) && !d.UsesKafka ? " (it does not use Kafka)"
            : StartsWith(name, KafkaPrefix) ? $" (Kafka options are {string.Join(", ", KafkaOptions.Select(o => o.Name))})"
            : StartsWith(name, "ConnectionStrings__") ? d.Database is null ? " (it has no database)" : $" (it reads ConnectionStrings__{d.Database}, else ConnectionStrings__Postgres)"
            : StartsWith(name, "Services__") ? $" (it reads {(d.ServiceUrls.Count == 0 ? "no service URL" : string.Join(", ", d.ServiceUrls.Select(s => $"Services__{s}__Url")))})"
            : StartsWith(name, RateLimitsSection + "__") ? d.IsGateway ? " (the gateway has no rate limits; the services apply them)" : $" (rate limits are {Options(RateLimitsSection)})"
            : StartsWith(name, AuthOptions.SectionName + "__") ? Options(AuthOptions.SectionName) is { Length: > 0 } auth ? $" (Auth options are {auth})" : " (only Profiles, which signs the tokens, reads Auth settings)"
            : StartsWith(name, "Keys__") ? d.Keys == DataKeys.None ? " (it handles no athletes' data keys)" : $" (it reads {KeysToken})"
            : StartsWith(name, "Privacy__") ? d.Keys switch
            {
                DataKeys.Kept => $" (it reads {MasterKey})",
                DataKeys.Fetched => $" (it reads {SealEvents})",
                _ => " (it seals no athletes' data)",
            }
            : StartsWith(name, "Profiles__") ? HasRegions(d) ? $" (it reads {DefaultRegion} and {Regions}__<name>__{string.Join(", __", RegionSettings)})" : " (only Profiles has residency regions)"
            : "";
    }

    private static bool Is(string name, string known) => string.Equals(name, known, StringComparison.OrdinalIgnoreCase);

    private static bool StartsWith(string name, string prefix) => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && name.Length > prefix.Length;

    /// <summary>An item of a list setting: the list's variable, then <c>__</c> and an index.</summary>
    private static bool IsListItem(string name, string list) =>
        StartsWith(name, list + "__") && name[(list.Length + 2)..].All(char.IsAsciiDigit);
}
