using System.Text.RegularExpressions;

namespace FitnessDriver.Deployment.Tests;

/// <summary>The root .dockerignore: which paths of the build context an image build does not see.</summary>
internal sealed class DockerIgnore
{
    private readonly List<(bool Exclude, Regex Pattern, string Text)> rules = [];

    public DockerIgnore(string path)
    {
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var exclude = !line.StartsWith('!');
            var pattern = line.TrimStart('!').Trim('/');
            rules.Add((exclude, new Regex("^" + ToRegex(pattern) + "(/.*)?$"), line));
        }
    }

    public IReadOnlyList<string> Patterns => rules.Select(r => r.Text).ToList();

    /// <summary>True when the context path (relative, forward slashes) is left out; the last matching line wins.</summary>
    public bool Excludes(string path)
    {
        path = path.Trim('/');
        var excluded = false;
        foreach (var (exclude, pattern, _) in rules)
        {
            if (pattern.IsMatch(path))
                excluded = exclude;
        }

        return excluded;
    }

    // Docker's matching: '*' within one path segment, '**' across any number of them, '?' one character.
    private static string ToRegex(string pattern)
    {
        var result = new System.Text.StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                {
                    i++;
                    result.Append("(.*/)?");
                }
                else
                {
                    result.Append(".*");
                }
            }
            else if (c == '*')
            {
                result.Append("[^/]*");
            }
            else if (c == '?')
            {
                result.Append("[^/]");
            }
            else
            {
                result.Append(Regex.Escape(c.ToString()));
            }
        }

        return result.ToString();
    }
}
