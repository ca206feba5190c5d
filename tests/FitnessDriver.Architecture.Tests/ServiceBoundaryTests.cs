using System.Reflection;
using System.Text.RegularExpressions;

namespace FitnessDriver.Architecture.Tests;

/// <summary>
/// A service talks to another only through events or its public API: never through its code or its tables. That is
/// what lets each one run alone.
/// </summary>
public sealed partial class ServiceBoundaryTests
{
    private static readonly Dictionary<string, string> SchemaOf = new(StringComparer.Ordinal)
    {
        ["FitnessDriver.Profiles"] = "profiles",
        ["FitnessDriver.Telemetry"] = "",
        ["FitnessDriver.TimeSeries"] = "timeseries",
        ["FitnessDriver.Gamification"] = "gamification",
        ["FitnessDriver.Notifications"] = "notifications",
        ["FitnessDriver.Social"] = "social",
    };

    public static TheoryData<string> Services() => new(SchemaOf.Keys);

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_does_not_reference_another_service(string service)
    {
        var references = Assembly.Load(service).GetReferencedAssemblies().Select(a => a.Name!).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(references.Intersect(SchemaOf.Keys.Where(other => other != service)));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_touches_only_its_own_schema(string service)
    {
        var folder = Path.Combine(RepositoryRoot(), "src", service);
        var offending = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".sql", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => SchemaReference().Matches(WithoutTopicNames(File.ReadAllText(f))).Select(m => (File: Path.GetFileName(f), Schema: m.Groups["schema"].Value)))
            .Where(r => r.Schema != SchemaOf[service])
            .Distinct()
            .ToList();
        Assert.Empty(offending);
    }

    [Fact]
    public void Contracts_depend_on_nothing_but_the_runtime()
    {
        var references = typeof(Contracts.Topics).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard", $"Contracts references {name}"));
    }

    [Fact]
    public void The_device_library_does_no_io_of_its_own()
    {
        var references = typeof(Devices.ActivityFileDecoder).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(references, name => name.Contains("Npgsql", StringComparison.Ordinal) || name.Contains("AspNetCore", StringComparison.Ordinal)
            || name.Contains("Net.Http", StringComparison.Ordinal) || name.Contains("FitnessDriver.EventLog", StringComparison.Ordinal));
    }

    // Topic names look like schema.table ("gamification.achievements") but are not tables.
    private static string WithoutTopicNames(string text) =>
        Contracts.Topics.All.Concat(Contracts.Topics.All.Select(Contracts.Topics.DeadLetter)).OrderByDescending(t => t.Length)
            .Aggregate(text, (current, topic) => current.Replace(topic, "", StringComparison.Ordinal));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FitnessDriver.slnx")))
                return directory.FullName;
        }

        throw new InvalidOperationException("No FitnessDriver.slnx above the test binaries.");
    }

    // A file name such as social.json is not a table.
    [GeneratedRegex(@"\b(?<schema>profiles|timeseries|gamification|notifications|social)\.(?!json\b)[a-z_]+\b")]
    private static partial Regex SchemaReference();
}
