using System.Diagnostics;
using System.Text.RegularExpressions;

namespace FitnessDriver.Deployment.Tests;

/// <summary>
/// The tests' own renderer against kustomize itself (<c>kubectl kustomize</c>, which needs no cluster): both must produce
/// the same objects, so every other Kubernetes check looks at what would really be applied.
/// </summary>
public sealed partial class KustomizeCrossCheckTests
{
    public static TheoryData<string> Kustomizations => KubernetesTests.Kustomizations;

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public async Task Kustomize_renders_what_the_checks_see(string directory)
    {
        var kubectl = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(p => Path.Combine(p, "kubectl")).FirstOrDefault(File.Exists);
        if (kubectl is null)
            Assert.Skip("kubectl is not installed; the manifests are checked through the tests' own renderer only.");

        var copy = Directory.CreateTempSubdirectory("fd-kustomize");
        try
        {
            // The secretGenerator needs its env file, which is never committed: the example stands in for it.
            CopyDirectory(Repository.File("deploy", "k8s"), Path.Combine(copy.FullName, "k8s"));
            foreach (var example in Directory.EnumerateFiles(copy.FullName, "*.example", SearchOption.AllDirectories))
                File.Copy(example, example[..^".example".Length], overwrite: true);

            var target = Path.Combine(copy.FullName, Path.GetRelativePath(Repository.File("deploy"), Repository.File(directory)));
            var start = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("kustomize");
            start.ArgumentList.Add(target);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, $"kubectl kustomize {directory} failed: {await errors}");

            var rendered = KubernetesTests.Render(directory).Kustomization;
            var generated = rendered.Secrets.Keys.ToList();
            var theirs = Yaml.Parse(await output).OfType<Dictionary<object, object?>>()
                .Where(d => d.Text("kind") != "Secret")
                .Select(d => Normalize(d, generated)).ToList();
            var ours = rendered.Resources.Select(r => Normalize(r.Document, [])).ToList();

            Assert.Equal(Keys(theirs), Keys(ours));
            var differences = theirs.SelectMany(t => Differences(t, ours.Single(o => Key(o) == Key(t)), Key(t))).ToList();
            Problems.AssertNone(differences, $"{directory}: kustomize and the tests' renderer disagree");
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static string Key(object? document) => $"{document.Text("kind")} {document.Text("metadata", "name")}";

    private static List<string> Keys(IEnumerable<object?> documents) => documents.Select(Key).Order(StringComparer.Ordinal).ToList();

    /// <summary>Leaves out what only kustomize adds: the namespace and the content hash of generated names.</summary>
    private static object? Normalize(object? node, IReadOnlyList<string> generated) => node switch
    {
        Dictionary<object, object?> map => map.Where(e => !(e.Key is "namespace" && map.ContainsKey("name")))
            .ToDictionary(e => e.Key, e => Normalize(e.Value, generated)),
        List<object?> list => list.Select(i => Normalize(i, generated)).ToList(),
        string text => generated.FirstOrDefault(g => HashSuffix().IsMatch(text) && text[..text.LastIndexOf('-')] == g) ?? text,
        _ => node,
    };

    private static IEnumerable<string> Differences(object? expected, object? actual, string path)
    {
        switch (expected, actual)
        {
            case (Dictionary<object, object?> e, Dictionary<object, object?> a):
                foreach (var key in e.Keys.Union(a.Keys))
                {
                    foreach (var difference in Differences(e.GetValueOrDefault(key), a.GetValueOrDefault(key), $"{path}.{key}"))
                        yield return difference;
                }

                break;
            case (List<object?> e, List<object?> a) when e.Count == a.Count:
                for (var i = 0; i < e.Count; i++)
                {
                    foreach (var difference in Differences(e[i], a[i], $"{path}[{i}]"))
                        yield return difference;
                }

                break;
            default:
                if (!Equals(expected, actual))
                    yield return $"{path}: kustomize {Show(expected)}, tests {Show(actual)}";
                break;
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "(nothing)",
        string text => $"'{text}'",
        List<object?> list => $"a list of {list.Count}",
        _ => "a map",
    };

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var directory in Directory.EnumerateDirectories(from))
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
    }

    [GeneratedRegex("-[a-z0-9]{10}$")]
    private static partial Regex HashSuffix();
}
