namespace FitnessDriver.Deployment.Tests;

/// <summary>A Kubernetes object from a manifest file.</summary>
internal sealed record Manifest(string File, Dictionary<object, object?> Document)
{
    public string ApiVersion => Document.Text("apiVersion") ?? "";

    public string Kind => Document.Text("kind") ?? "";

    public string Name => Document.Text("metadata", "name") ?? "";

    public override string ToString() => $"{Kind} {Name} ({File})";
}

/// <summary>
/// Renders a kustomization the way kustomize does, for the fields these manifests use: resources (files and
/// directories), strategic-merge patches from files, images, namespace and secretGenerator from env files. Anything
/// else is reported rather than ignored, so a new field cannot slip past the checks. Secrets are known by their keys
/// only, taken from the committed <c>&lt;env file&gt;.example</c>, since the env file itself is never committed.
/// </summary>
internal sealed class Kustomization
{
    private static readonly string[] Supported = ["apiVersion", "kind", "resources", "patches", "images", "namespace", "secretGenerator"];

    private Kustomization(string directory) => Directory = directory;

    public string Directory { get; }

    public List<Manifest> Resources { get; } = [];

    /// <summary>Generated Secrets: name and keys.</summary>
    public Dictionary<string, IReadOnlySet<string>> Secrets { get; } = new(StringComparer.Ordinal);

    /// <summary>Each container's image as the manifests wrote it, before <c>images</c> replaced names and tags.</summary>
    public Dictionary<(string Deployment, string Container), string> ImagesAsWritten { get; } = [];

    /// <summary>What is wrong with the kustomization files themselves.</summary>
    public List<string> Problems { get; } = [];

    public static Kustomization Render(string directory)
    {
        var result = new Kustomization(directory);
        result.Load(directory);
        return result;
    }

    private void Load(string directory)
    {
        var file = Path.Combine(directory, "kustomization.yaml");
        var where = Repository.Relative(file);
        if (!File.Exists(file))
        {
            Problems.Add($"{Repository.Relative(directory)} has no kustomization.yaml.");
            return;
        }

        var kustomization = Yaml.LoadMap(file);
        foreach (var key in kustomization.Keys.Cast<string>().Where(k => !Supported.Contains(k)))
            Problems.Add($"{where}: the field {key} is not understood by the deployment tests' renderer; teach Kustomization.cs before using it.");

        var listed = new HashSet<string>(StringComparer.Ordinal) { file };
        foreach (var entry in kustomization.List("resources").OfType<string>())
        {
            var path = Path.GetFullPath(Path.Combine(directory, entry));
            listed.Add(path);
            if (System.IO.Directory.Exists(path))
                Load(path);
            else if (File.Exists(path))
                Resources.AddRange(Yaml.LoadAll(path).Select(d => new Manifest(Repository.Relative(path), d as Dictionary<object, object?> ?? [])));
            else
                Problems.Add($"{where}: resource {entry} does not exist.");
        }

        foreach (var generator in kustomization.List("secretGenerator"))
            Generate(directory, where, generator, listed);

        foreach (var patch in kustomization.List("patches"))
        {
            if (patch.Text("path") is not { } entry || patch.At("target") is not null || patch.At("patch") is not null)
            {
                Problems.Add($"{where}: only patches with a path and no target are understood by the deployment tests' renderer.");
                continue;
            }

            var path = Path.GetFullPath(Path.Combine(directory, entry));
            listed.Add(path);
            if (!File.Exists(path))
            {
                Problems.Add($"{where}: patch {entry} does not exist.");
                continue;
            }

            foreach (var document in Yaml.LoadAll(path).OfType<Dictionary<object, object?>>())
            {
                var kind = document.Text("kind");
                var name = document.Text("metadata", "name");
                var target = Resources.SingleOrDefault(r => r.Kind == kind && r.Name == name);
                if (target is null)
                    Problems.Add($"{Repository.Relative(path)}: patches {kind} {name}, which the resources do not have.");
                else
                    Merge(target.Document, document);
            }
        }

        foreach (var image in kustomization.List("images"))
            ReplaceImage(where, image);

        if (kustomization.Text("namespace") is { } ns)
        {
            foreach (var resource in Resources.Where(r => r.Kind != "Namespace"))
                ((Dictionary<object, object?>)resource.Document["metadata"]!)["namespace"] = ns;
        }

        // Every manifest next to a kustomization is part of it; one left out would silently never be applied.
        foreach (var manifest in System.IO.Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)))
        {
            if (!listed.Contains(Path.GetFullPath(manifest)))
                Problems.Add($"{where} does not list {Path.GetFileName(manifest)}.");
        }
    }

    private void Generate(string directory, string where, object? generator, HashSet<string> listed)
    {
        var name = generator.Text("name") ?? "";
        if (generator.At("literals") is not null || generator.At("files") is not null)
            Problems.Add($"{where}: secret {name} must come from env files only (literals or files would put values in the repository).");
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var env in generator.List("envs").OfType<string>())
        {
            var example = Path.GetFullPath(Path.Combine(directory, env + ".example"));
            listed.Add(example);
            if (!File.Exists(example))
                Problems.Add($"{where}: secret {name} reads {env}, but {env}.example, which documents its keys, is missing.");
            else
                keys.UnionWith(ComposeFile.ReadEnvFile(example).Keys);
            var ignore = Path.Combine(directory, ".gitignore");
            if (!File.Exists(ignore) || !File.ReadAllLines(ignore).Select(l => l.Trim()).Contains(env))
                Problems.Add($"{where}: secret {name} reads {env}, which {Repository.Relative(ignore)} must keep out of git.");
        }

        Secrets[name] = keys;
    }

    private void ReplaceImage(string where, object? image)
    {
        var name = image.Text("name");
        var matched = false;
        foreach (var deployment in Resources.Where(r => r.Kind == "Deployment"))
        {
            foreach (var container in deployment.Document.List("spec", "template", "spec", "containers").OfType<Dictionary<object, object?>>())
            {
                var written = container.Text("image") ?? "";
                var colon = written.LastIndexOf(':');
                var (repository, tag) = colon > written.LastIndexOf('/') ? (written[..colon], written[(colon + 1)..]) : (written, null);
                if (repository != name)
                    continue;
                matched = true;
                ImagesAsWritten.TryAdd((deployment.Name, container.Text("name") ?? ""), written);
                var newTag = image.Text("newTag") ?? tag;
                container["image"] = (image.Text("newName") ?? repository) + (newTag is null ? "" : ":" + newTag);
            }
        }

        if (!matched)
            Problems.Add($"{where}: images sets {name}, which no container uses.");
    }

    /// <summary>A strategic merge as kustomize does it for these objects: maps merge, lists of named items merge by name, the rest is replaced.</summary>
    private static void Merge(Dictionary<object, object?> target, Dictionary<object, object?> patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is Dictionary<object, object?> map && target.TryGetValue(key, out var existing) && existing is Dictionary<object, object?> existingMap)
            {
                Merge(existingMap, map);
            }
            else if (value is List<object?> list && target.TryGetValue(key, out var current) && current is List<object?> currentList
                     && list.Concat(currentList).All(i => i.Text("name") is not null))
            {
                foreach (var item in list.Cast<Dictionary<object, object?>>())
                {
                    var match = currentList.Cast<Dictionary<object, object?>>().FirstOrDefault(c => c.Text("name") == item.Text("name"));
                    if (match is null)
                        currentList.Add(item);
                    else
                        Merge(match, item);
                }
            }
            else
            {
                target[key] = value;
            }
        }
    }
}
