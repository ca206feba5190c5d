using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace FitnessDriver.Deployment.Tests;

/// <summary>
/// Reads YAML as plain maps, lists and strings (every scalar stays text, as Kubernetes and compose see it before
/// typing), with anchors and merge keys (<c>&lt;&lt;: *x</c>) resolved.
/// </summary>
internal static class Yaml
{
    // Merge keys legitimately repeat a key (the local one wins), so duplicates are looked for in a pass without merging.
    private static readonly IDeserializer Strict = new DeserializerBuilder().WithDuplicateKeyChecking().Build();
    private static readonly IDeserializer Merging = new DeserializerBuilder().Build();

    /// <summary>Every document of a file (a manifest may hold several, separated by <c>---</c>).</summary>
    public static IReadOnlyList<object?> LoadAll(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{Repository.Relative(path)}: {e.Message} (line {e.Start.Line})", e);
        }
    }

    /// <summary>The only document of a file.</summary>
    public static Dictionary<object, object?> LoadMap(string path)
    {
        var documents = LoadAll(path);
        return documents is [Dictionary<object, object?> map]
            ? map
            : throw new InvalidDataException($"{Repository.Relative(path)} must hold exactly one YAML mapping, not {documents.Count} documents.");
    }

    public static IReadOnlyList<object?> Parse(string text)
    {
        Documents(new Parser(new StringReader(text)), Strict);
        return Documents(new MergingParser(new Parser(new StringReader(text))), Merging);
    }

    private static List<object?> Documents(IParser parser, IDeserializer deserializer)
    {
        var documents = new List<object?>();
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var document = deserializer.Deserialize<object?>(parser);
            if (document is not null)
                documents.Add(document);
        }

        return documents;
    }

    /// <summary>The value at a path of keys, or null when any step is missing.</summary>
    public static object? At(this object? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not Dictionary<object, object?> map || !map.TryGetValue(key, out node))
                return null;
        }

        return node;
    }

    public static string? Text(this object? node, params string[] path) => node.At(path) as string;

    public static Dictionary<object, object?>? Map(this object? node, params string[] path) => node.At(path) as Dictionary<object, object?>;

    public static IReadOnlyList<object?> List(this object? node, params string[] path) => node.At(path) as List<object?> ?? [];

    /// <summary>A map's entries with text keys and text values (a ConfigMap's data, a compose environment).</summary>
    public static Dictionary<string, string?> TextEntries(this object? node, params string[] path) =>
        node.Map(path)?.ToDictionary(e => (string)e.Key, e => e.Value as string, StringComparer.Ordinal) ?? [];

    public static int? Integer(this object? node, params string[] path) =>
        int.TryParse(node.Text(path), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
}
