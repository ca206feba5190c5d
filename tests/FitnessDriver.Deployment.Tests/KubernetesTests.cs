namespace FitnessDriver.Deployment.Tests;

/// <summary>The kustomize base and every overlay, rendered, agree with the code: images, ports, probes, settings, scaling.</summary>
public sealed class KubernetesTests
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

    [Fact]
    public void Images_the_base_sets_are_our_images()
    {
        var kustomization = Yaml.LoadMap(Repository.File("deploy", "k8s", "base", "kustomization.yaml"));
        var names = kustomization.List("images").Select(i => i.Text("name")).ToList();
        Assert.Equal(Platform.Deployables.Select(d => d.Image).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    internal static KubernetesManifests Render(string directory) => new(Kustomization.Render(Repository.File(directory)));
}
