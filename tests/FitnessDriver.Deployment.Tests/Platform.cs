using System.Reflection;
using System.Xml.Linq;
using FitnessDriver.EventLog;
using FitnessDriver.Gateway;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Profiles.Privacy;
using FitnessDriver.ServiceDefaults.Privacy;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FitnessDriver.Deployment.Tests;

/// <summary>A consumer group a service runs, and the topics it reads.</summary>
internal sealed record ConsumerGroup(string Name, IReadOnlyList<string> Topics);

/// <summary>How a program comes by athletes' data keys, which seal their personal and health data.</summary>
internal enum DataKeys
{
    /// <summary>It handles no sealed data.</summary>
    None,

    /// <summary>
    /// From Profiles over HTTP (<see cref="RemoteAthleteKeys"/>): it reads <c>Services:Profiles:Url</c>,
    /// <c>Keys:Token</c> and <c>Privacy:SealEvents</c>.
    /// </summary>
    Fetched,

    /// <summary>
    /// It keeps them (<see cref="AthleteKeyStore"/>), wrapped with <c>Privacy:MasterKey</c>, and hands them to the
    /// services that send <c>Keys:Token</c>: Profiles.
    /// </summary>
    Kept,
}

/// <summary>A program that has an image: one of the services or the gateway, with what its code says it needs.</summary>
/// <param name="Name">As the gateway names it (<c>TimeSeries</c>), or <c>Gateway</c>.</param>
/// <param name="Project">The project folder under src/.</param>
/// <param name="AssemblyName">The assembly the project builds (the image's entry point).</param>
/// <param name="IsGateway">The gateway: no database, no tokens, every service's address.</param>
/// <param name="UsesKafka">Its assembly references the Kafka event log (the service fails at start without brokers).</param>
/// <param name="Database">The name it reads under <c>ConnectionStrings</c> before falling back to <c>Postgres</c>; null without a database.</param>
/// <param name="Schema">The schema its database migrates, which its role (<see cref="Role"/>) owns; null without a database.</param>
/// <param name="Groups">The consumer groups its sinks join.</param>
/// <param name="ServiceUrls">The services whose <c>Services:{Name}:Url</c> it reads.</param>
/// <param name="Keys">How it comes by athletes' data keys.</param>
internal sealed record Deployable(
    string Name,
    string Project,
    string AssemblyName,
    bool IsGateway,
    bool UsesKafka,
    string? Database,
    string? Schema,
    IReadOnlyList<ConsumerGroup> Groups,
    IReadOnlyList<string> ServiceUrls,
    DataKeys Keys)
{
    /// <summary>Lower-case name used for the Dockerfile, the image, the compose service and the Kubernetes objects.</summary>
    public string ShortName => Name.ToLowerInvariant();

    public string Dockerfile => $"deploy/docker/{ShortName}.Dockerfile";

    public string Image => $"fitnessdriver/{ShortName}";

    public string ProjectFile => $"src/{Project}/{Project}.csproj";

    /// <summary>
    /// The PostgreSQL role it connects as: one per service, owning only its schema, named as the all-in-one host names
    /// them (<c>fd_&lt;schema&gt;</c>).
    /// </summary>
    public string? Role => Schema is null ? null : "fd_" + Schema;

    public override string ToString() => Project;
}

/// <summary>
/// What the deployment files must agree with, read from the code: the services behind the gateway, each one's
/// registration (databases, consumer groups and their topics, found by running its <c>Add{Name}</c> on an empty builder),
/// its assembly's references and the configuration keys its source reads.
/// </summary>
internal static class Platform
{
    private static readonly Lazy<IReadOnlyList<Deployable>> Inspected = new(Inspect);

    public static IReadOnlyList<Deployable> Deployables => Inspected.Value;

    public static Deployable? ByImage(string image)
    {
        var name = image.Split('@')[0];
        var lastSlash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > lastSlash)
            name = name[..colon];
        return Deployables.SingleOrDefault(d => d.Image == name);
    }

    public static Deployable Named(string name) => Deployables.Single(d => d.Name == name);

    /// <summary>The assembly name a project builds: its AssemblyName property, else the project's name.</summary>
    public static string AssemblyNameOf(string projectFile)
    {
        var declared = XDocument.Load(projectFile).Descendants("AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault();
        return string.IsNullOrEmpty(declared) ? Path.GetFileNameWithoutExtension(projectFile) : declared;
    }

    /// <summary>A project and every project it references, directly or not (repository-relative .csproj paths).</summary>
    public static IReadOnlySet<string> ProjectClosure(string projectFile)
    {
        var closure = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Repository.File(projectFile)]);
        while (pending.TryPop(out var path))
        {
            var full = Path.GetFullPath(path);
            if (!closure.Add(Repository.Relative(full)))
                continue;
            foreach (var reference in XDocument.Load(full).Descendants("ProjectReference"))
                pending.Push(Path.Combine(Path.GetDirectoryName(full)!, reference.Attribute("Include")!.Value.Replace('\\', '/')));
        }

        return closure;
    }

    /// <summary>The C# source of a project's own folder.</summary>
    public static string SourceOf(string project) =>
        string.Join('\n', Directory.EnumerateFiles(Repository.File("src", project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));

    private static List<Deployable> Inspect()
    {
        var deployables = ApiRoutes.Services.Select(InspectService).ToList();
        var gateway = typeof(ApiRoutes).Assembly.GetName().Name!;
        deployables.Add(new Deployable("Gateway", gateway, AssemblyNameOf(Repository.File("src", gateway, gateway + ".csproj")),
            IsGateway: true, UsesKafka: References(typeof(ApiRoutes).Assembly, "FitnessDriver.EventLog.Kafka"), Database: null, Schema: null, Groups: [],
            ServiceUrls: ApiRoutes.Services, Keys: DataKeys.None));
        return deployables;
    }

    private static Deployable InspectService(string name)
    {
        var project = $"FitnessDriver.{name}";
        var projectFile = Repository.File("src", project, project + ".csproj");
        if (!File.Exists(projectFile))
            throw new InvalidOperationException($"The gateway routes to {name}, but {Repository.Relative(projectFile)} does not exist.");
        var assembly = Assembly.Load(AssemblyNameOf(projectFile));

        var add = assembly.GetExportedTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .SingleOrDefault(m => m.Name == $"Add{name}" && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(WebApplicationBuilder))
            ?? throw new InvalidOperationException($"{project} has no public static Add{name}(WebApplicationBuilder) to read its registration from.");

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        // Each candidate name points at its own host: the host a database ends up with tells which key it read.
        var candidates = ApiRoutes.Services.Append("Postgres").ToList();
        builder.Configuration.AddInMemoryCollection(candidates.Select(c => KeyValuePair.Create<string, string?>($"ConnectionStrings:{c}", $"Host={c.ToLowerInvariant()}")));
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IEventLog, UnusedEventLog>();
        add.Invoke(null, [builder]);

        var provider = builder.Services.BuildServiceProvider();
        try
        {
            var databases = builder.Services.Where(d => d.ServiceType.IsSubclassOf(typeof(ServiceDatabase)))
                .Select(d => (ServiceDatabase)provider.GetRequiredService(d.ServiceType))
                .Select(db => (Name: candidates.Single(c => c.Equals(new NpgsqlConnectionStringBuilder(db.DataSource.ConnectionString).Host, StringComparison.OrdinalIgnoreCase)), db.Schema))
                .Distinct().ToList();
            if (databases.Count > 1)
                throw new InvalidOperationException($"{project} registers databases for {string.Join(", ", databases.Select(d => d.Name))}; the deployment tests expect one.");

            var groups = builder.Services.Where(d => d.ImplementationType is { } type && SinkInterface(type) is not null)
                .Select(d => Group(provider.GetRequiredService(d.ServiceType)))
                .ToList();

            // The key client lives in ServiceDefaults, so its address is not in the service's own source.
            var keys = builder.Services.Any(d => d.ServiceType == typeof(AthleteKeyStore)) ? DataKeys.Kept
                : builder.Services.Any(d => d.ServiceType == typeof(RemoteAthleteKeys)) ? DataKeys.Fetched
                : DataKeys.None;
            var source = SourceOf(project);
            var urls = ApiRoutes.Services.Append("Gateway").Where(s => source.Contains($"\"Services:{s}:Url\"", StringComparison.Ordinal)
                || (s == "Profiles" && keys == DataKeys.Fetched)).ToList();
            return new Deployable(name, project, assembly.GetName().Name!, IsGateway: false,
                UsesKafka: References(assembly, "FitnessDriver.EventLog.Kafka"), databases.SingleOrDefault().Name, databases.SingleOrDefault().Schema, groups, urls, keys);
        }
        finally
        {
            // Databases only implement IAsyncDisposable.
            provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static Type? SinkInterface(Type type) =>
        type.GetInterfaces().SingleOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEventSink<>));

    private static ConsumerGroup Group(object sink)
    {
        var contract = SinkInterface(sink.GetType())!;
        return new ConsumerGroup(
            (string)contract.GetProperty(nameof(IEventSink<object>.Group))!.GetValue(sink)!,
            (IReadOnlyList<string>)contract.GetProperty(nameof(IEventSink<object>.Topics))!.GetValue(sink)!);
    }

    private static bool References(Assembly assembly, string name) => assembly.GetReferencedAssemblies().Any(a => a.Name == name);

    /// <summary>Lets a service's registration be built and its sinks constructed; nothing here ever reads or writes.</summary>
    private sealed class UnusedEventLog : IEventLog
    {
        public ValueTask<AppendResult> AppendAsync(string topic, EventMessage message, CancellationToken cancellationToken = default) => throw Unused();

        public int GetPartitionCount(string topic) => throw Unused();

        public ValueTask<IReadOnlyDictionary<TopicPartition, Watermarks>> GetWatermarksAsync(string topic, CancellationToken cancellationToken = default) => throw Unused();

        public IEventConsumer Subscribe(ConsumerOptions options) => throw Unused();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private static InvalidOperationException Unused() => new("The deployment tests only inspect registrations; the event log is never used.");
    }
}
