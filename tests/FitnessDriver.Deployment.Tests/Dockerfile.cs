using System.Text.Json;
using System.Text.RegularExpressions;

namespace FitnessDriver.Deployment.Tests;

/// <summary>One instruction of a Dockerfile, continuation lines joined.</summary>
internal sealed record Instruction(int Line, string Keyword, string Arguments);

/// <summary>A Dockerfile read into its instructions, grouped by build stage.</summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<Instruction> instructions)
    {
        Path = path;
        Instructions = instructions;
    }

    /// <summary>Repository-relative path.</summary>
    public string Path { get; }

    public IReadOnlyList<Instruction> Instructions { get; }

    /// <summary>The instructions of each stage, from its FROM on.</summary>
    public IReadOnlyList<IReadOnlyList<Instruction>> Stages
    {
        get
        {
            var stages = new List<List<Instruction>>();
            foreach (var instruction in Instructions)
            {
                if (instruction.Keyword == "FROM")
                    stages.Add([]);
                if (stages.Count == 0)
                    continue;
                stages[^1].Add(instruction);
            }

            return stages;
        }
    }

    public static Dockerfile Load(string path)
    {
        var instructions = new List<Instruction>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var start = i;
            var text = lines[i].Trim();
            if (text.Length == 0 || text.StartsWith('#'))
                continue;
            while (text.EndsWith('\\') && i + 1 < lines.Length)
                text = text[..^1].TrimEnd() + " " + lines[++i].Trim();
            var match = InstructionPattern().Match(text);
            if (!match.Success)
                throw new InvalidDataException($"{Repository.Relative(path)}:{start + 1}: not an instruction: {text}");
            instructions.Add(new Instruction(start + 1, match.Groups[1].Value.ToUpperInvariant(), match.Groups[2].Value.Trim()));
        }

        return new Dockerfile(Repository.Relative(path), instructions);
    }

    /// <summary>The words of an instruction: the JSON array form, or the shell form split on spaces.</summary>
    public static IReadOnlyList<string> Words(Instruction instruction) =>
        instruction.Arguments.StartsWith('[')
            ? JsonSerializer.Deserialize<string[]>(instruction.Arguments) ?? []
            : instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The sources and destination of a COPY that reads the build context (not another stage).</summary>
    public static (IReadOnlyList<string> Sources, string Destination)? ContextCopy(Instruction instruction)
    {
        if (instruction.Keyword != "COPY")
            return null;
        var words = Words(instruction);
        if (words.Any(w => w.StartsWith("--from", StringComparison.Ordinal)))
            return null;
        var paths = words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
        return (paths[..^1], paths[^1]);
    }

    public override string ToString() => Path;

    [GeneratedRegex(@"^([A-Za-z]+)\s+(.*)$")]
    private static partial Regex InstructionPattern();
}
