using System.Text.RegularExpressions;

namespace FitnessDriver.Deployment.Tests;

/// <summary>The kustomize base and every overlay, rendered, agree with the code: images, ports, probes, settings, scaling.</summary>
public sealed partial class KubernetesTests
{
    public static TheoryData<string> Kustomizations =>
    [
        "deploy/k8s/base",
        .. Directory.EnumerateDirectories(Repository.File("deploy", "k8s", "overlays")).Select(Repository.Relative).Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Renders_objects_that_are_complete_and_unique(string directory)
    {
        var manifests = Render(directory);
        Problems.AssertNone(manifests.Structure(), directory);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Every_program_gets_the_settings_its_code_reads_and_no_others(string directory) =>
        Problems.AssertNone(Render(directory).Environment(), directory);

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Pods_listen_probe_and_expose_metrics_on_8080_as_non_root(string directory) =>
        Problems.AssertNone(Render(directory).Pods(), directory);

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Scalers_target_the_right_programs_within_the_partitions(string directory) =>
        Problems.AssertNone(Render(directory).Scalers(), directory);

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void The_gateway_alone_is_exposed_and_over_tls(string directory) =>
        Problems.AssertNone(Render(directory).Ingresses(), directory);

    [Fact]
    public void Images_the_base_sets_are_our_images()
    {
        var kustomization = Yaml.LoadMap(Repository.File("deploy", "k8s", "base", "kustomization.yaml"));
        var names = kustomization.List("images").Select(i => i.Text("name")).ToList();
        Assert.Equal(Platform.Deployables.Select(d => d.Image).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_example_secrets_and_the_operators_sql_give_each_service_its_own_role()
    {
        var example = Repository.File("deploy", "k8s", "base", "secrets.env.example");
        var secrets = ComposeFile.ReadEnvFile(example);
        var problems = new List<string>();
        var databases = new Dictionary<Deployable, string>();
        foreach (var d in Platform.Deployables.Where(d => d.Database is not null))
        {
            var variable = $"ConnectionStrings__{d.Database}";
            if (!secrets.TryGetValue(variable, out var connectionString))
            {
                problems.Add($"{Repository.Relative(example)}: no {variable}; each service gets a connection string of its own.");
                continue;
            }

            var (database, problem) = DatabaseRoles.Connection(d, variable, connectionString);
            databases[d] = database;
            if (problem is not null)
                problems.Add($"{Repository.Relative(example)}: {problem}.");
        }

        if (databases.FirstOrDefault(e => e.Key.Database == "Profiles").Value is { } profiles && databases.Count(e => e.Value == profiles) > 1)
            problems.Add($"{Repository.Relative(example)}: another service shares {profiles}, the database of Profiles' personal data.");

        // The SQL an operator runs once (deploy/README.md) must create those roles and their schemas.
        var readme = Repository.File("deploy", "README.md");
        var sql = string.Join('\n', SqlBlock().Matches(File.ReadAllText(readme)).Select(m => m.Groups["sql"].Value));
        problems.AddRange(DatabaseRoles.Missing(sql, $"{Repository.Relative(readme)} (```sql blocks)", databases));
        Problems.AssertNone(problems, "deploy/k8s");
    }

    internal static KubernetesManifests Render(string directory) => new(Kustomization.Render(Repository.File(directory)));

    [GeneratedRegex(@"^```sql\n(?<sql>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SqlBlock();
}
