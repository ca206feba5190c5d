using System.Text.RegularExpressions;

namespace FitnessDriver.Deployment.Tests;

/// <summary>
/// deploy/compose.yaml with its variables taken from deploy/.env, the file docker compose reads next to it. The shell's
/// environment is deliberately ignored, so the result is what a fresh checkout runs.
/// </summary>
internal sealed partial class ComposeFile
{
    private ComposeFile(string path, Dictionary<object, object?> root, IReadOnlyDictionary<string, string> variables)
    {
        Path = path;
        Root = root;
        Variables = variables;
    }

    public string Path { get; }

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public Dictionary<object, object?> Root { get; }

    public IReadOnlyDictionary<string, string> Variables { get; }

    public IReadOnlyDictionary<string, Dictionary<object, object?>> Services =>
        Root.Map("services")?.ToDictionary(s => (string)s.Key, s => s.Value as Dictionary<object, object?> ?? [], StringComparer.Ordinal) ?? [];

    /// <summary>Variables used but not defined, collected while interpolating.</summary>
    public List<string> InterpolationProblems { get; } = [];

    public static ComposeFile Load(string path)
    {
        var envFile = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, ".env");
        return new ComposeFile(path, Yaml.LoadMap(path), File.Exists(envFile) ? ReadEnvFile(envFile) : new Dictionary<string, string>());
    }

    public static Dictionary<string, string> ReadEnvFile(string path)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new InvalidDataException($"{Repository.Relative(path)}: not NAME=value: {line}");
            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0])
                value = value[1..^1];
            variables[line[..equals].Trim()] = value;
        }

        return variables;
    }

    /// <summary>Replaces <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR:?error}</c> (and their forms without colon), <c>$VAR</c> and <c>$$</c>.</summary>
    public string Interpolate(string text, string where) => VariablePattern().Replace(text, match =>
    {
        if (match.Value == "$$")
            return "$";
        var name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["plain"].Value;
        var modifier = match.Groups["modifier"].Value;
        var set = Variables.TryGetValue(name, out var value);
        var usable = set && (!modifier.StartsWith(':') || value!.Length > 0);
        if (usable)
            return value!;
        if (modifier.EndsWith('-'))
            return match.Groups["argument"].Value;
        InterpolationProblems.Add($"{where} uses ${{{name}}}, which deploy/.env does not define{(modifier.EndsWith('?') ? $" (compose stops: {match.Groups["argument"].Value})" : "")}.");
        return "";
    });

    /// <summary>A service's environment, list or map form, values interpolated.</summary>
    public Dictionary<string, string> Environment(string service)
    {
        var node = Services[service].At("environment");
        var entries = node switch
        {
            Dictionary<object, object?> map => map.Select(e => ((string)e.Key, e.Value as string ?? "")),
            List<object?> list => list.OfType<string>().Select(e => e.Split('=', 2) is [var k, var v] ? (k, v) : (e, "")),
            _ => [],
        };
        return entries.ToDictionary(e => e.Item1, e => Interpolate(e.Item2, $"{service}.environment.{e.Item1}"), StringComparer.Ordinal);
    }

    /// <summary>The container side of each published port (short or long syntax).</summary>
    public IEnumerable<string> ContainerPorts(string service) => Services[service].List("ports").Select(port => port switch
    {
        string text => Interpolate(text, $"{service}.ports").Split('/')[0].Split(':')[^1],
        Dictionary<object, object?> map => map.Text("target") ?? "",
        _ => "",
    });

    /// <summary>The services that run one of our images, as workloads.</summary>
    public IEnumerable<Workload> Workloads() =>
        from service in Services.Keys
        let image = Services[service].Text("image") is { } text ? Interpolate(text, $"{service}.image") : null
        let deployable = image is null ? null : Platform.ByImage(image)
        where deployable is not null
        select new Workload($"{Repository.Relative(Path)} service {service}", service, deployable,
            Environment(service).ToDictionary(e => e.Key, e => (EnvSource)new Literal(e.Value), StringComparer.Ordinal));

    [GeneratedRegex(@"\$\$|\$\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?<modifier>:?[-?])(?<argument>[^}]*))?\}|\$(?<plain>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariablePattern();
}
