using System.Xml.Linq;

namespace FitnessDriver.Deployment.Tests;

/// <summary>Each Dockerfile builds the project it is named after and runs that project's assembly as a non-root user on 8080.</summary>
public sealed class DockerfileTests
{
    public static TheoryData<string> Deployables => [.. Platform.Deployables.Select(d => d.Name)];

    [Fact]
    public void Every_deployable_program_has_a_dockerfile_and_every_dockerfile_a_program()
    {
        var expected = Platform.Deployables.Select(d => d.Dockerfile).Order(StringComparer.Ordinal).ToList();
        var present = Directory.EnumerateFiles(Repository.File("deploy", "docker"))
            .Select(Repository.Relative).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, present);
    }

    [Theory]
    [MemberData(nameof(Deployables))]
    public void The_dockerfile_publishes_its_project_and_runs_its_assembly(string name)
    {
        var deployable = Platform.Named(name);
        var dockerfile = Dockerfile.Load(Repository.File(deployable.Dockerfile));
        Problems.AssertNone(Check(dockerfile, deployable), dockerfile.Path);
    }

    [Fact]
    public void The_build_context_leaves_out_local_build_output_but_not_what_the_dockerfiles_copy()
    {
        var ignore = new DockerIgnore(Repository.File(".dockerignore"));
        var problems = new List<string>();
        // obj/ holds restore results with this machine's absolute paths; copied into the image they break the build.
        foreach (var local in new[] { "src/FitnessDriver.Telemetry/bin/Debug/x.dll", "src/FitnessDriver.Telemetry/obj/project.assets.json", ".git/HEAD", ".fd-data/log" })
        {
            if (!ignore.Excludes(local))
                problems.Add($".dockerignore lets {local} into the build context.");
        }

        foreach (var deployable in Platform.Deployables)
        {
            var dockerfile = Dockerfile.Load(Repository.File(deployable.Dockerfile));
            foreach (var source in dockerfile.Instructions.Select(Dockerfile.ContextCopy).OfType<(IReadOnlyList<string> Sources, string Destination)>().SelectMany(c => c.Sources))
            {
                if (ignore.Excludes(source))
                    problems.Add($"{dockerfile.Path} copies {source}, which .dockerignore leaves out of the build context.");
            }

            foreach (var file in Platform.ProjectClosure(deployable.ProjectFile))
            {
                if (ignore.Excludes(file))
                    problems.Add($"{deployable} needs {file}, which .dockerignore leaves out of the build context.");
            }
        }

        Problems.AssertNone(problems, ".dockerignore");
    }

    private static IEnumerable<string> Check(Dockerfile dockerfile, Deployable deployable)
    {
        var stages = dockerfile.Stages;
        if (stages.Count < 2)
        {
            yield return "needs a build stage and a runtime stage.";
            yield break;
        }

        // The SDK and runtime images must match the framework the projects target.
        var framework = XDocument.Load(Repository.File("Directory.Build.props")).Descendants("TargetFramework").Single().Value;
        var version = framework.Replace("net", "", StringComparison.Ordinal);
        var build = stages[0];
        var runtime = stages[^1];
        if (!Dockerfile.Words(build[0]).FirstOrDefault("").Equals($"mcr.microsoft.com/dotnet/sdk:{version}", StringComparison.Ordinal))
            yield return $"line {build[0].Line}: the build stage must start FROM mcr.microsoft.com/dotnet/sdk:{version} (the projects target {framework}).";
        if (!Dockerfile.Words(runtime[0]).FirstOrDefault("").Equals($"mcr.microsoft.com/dotnet/aspnet:{version}", StringComparison.Ordinal))
            yield return $"line {runtime[0].Line}: the runtime stage must be FROM mcr.microsoft.com/dotnet/aspnet:{version}.";

        var publish = build.Where(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).ToList();
        var expectedPublish = $"dotnet publish src/{deployable.Project} -c Release -o /app";
        if (publish.Count != 1 || !publish[0].Arguments.StartsWith(expectedPublish, StringComparison.Ordinal))
            yield return $"the build stage must run `{expectedPublish}` once (found: {string.Join("; ", publish.Select(p => p.Arguments))}).";
        if (!File.Exists(Repository.File(deployable.ProjectFile)))
            yield return $"publishes {deployable.ProjectFile}, which does not exist.";

        // Restore runs on the project files alone, so every project in the reference closure must be copied before it.
        var restore = build.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        if (restore < 0)
        {
            yield return "the build stage has no `dotnet restore` layer before the sources are copied.";
        }
        else
        {
            var copiedBeforeRestore = build.Take(restore).Select(Dockerfile.ContextCopy).OfType<(IReadOnlyList<string> Sources, string Destination)>()
                .SelectMany(c => c.Sources.Select(s => (Source: s, c.Destination))).ToList();
            foreach (var needed in Platform.ProjectClosure(deployable.ProjectFile).Concat(["Directory.Build.props", "Directory.Packages.props", "global.json"]))
            {
                if (!copiedBeforeRestore.Any(c => c.Source == needed && (c.Destination == "./" || needed.StartsWith(c.Destination, StringComparison.Ordinal))))
                    yield return $"{needed} is not copied (to its own path) before `dotnet restore`, which then fails or restores the wrong graph.";
            }

            if (!build[restore].Arguments.Contains(deployable.ProjectFile, StringComparison.Ordinal))
                yield return $"line {build[restore].Line}: restores something other than {deployable.ProjectFile}.";
        }

        foreach (var (instruction, source) in dockerfile.Instructions.Select(i => (Instruction: i, Copy: Dockerfile.ContextCopy(i)))
                     .Where(c => c.Copy is not null).SelectMany(c => c.Copy!.Value.Sources.Select(s => (c.Instruction, s))))
        {
            if (!File.Exists(Repository.File(source)) && !Directory.Exists(Repository.File(source)))
                yield return $"line {instruction.Line}: copies {source}, which is not in the repository (the build context is its root).";
        }

        if (!runtime.Any(i => i.Keyword == "COPY" && Dockerfile.Words(i).SequenceEqual(["--from=build", "/app", "./"])))
            yield return "the runtime stage must copy the published /app from the build stage.";

        var entrypoint = runtime.LastOrDefault(i => i.Keyword == "ENTRYPOINT");
        string[] expectedEntrypoint = ["dotnet", $"{deployable.AssemblyName}.dll"];
        if (entrypoint is null || !Dockerfile.Words(entrypoint).SequenceEqual(expectedEntrypoint))
            yield return $"ENTRYPOINT must be [\"dotnet\", \"{deployable.AssemblyName}.dll\"], the assembly {deployable.ProjectFile} builds.";

        var user = runtime.LastOrDefault(i => i.Keyword == "USER")?.Arguments;
        if (user is not ("$APP_UID" or "${APP_UID}") && !(int.TryParse(user, out var uid) && uid > 0))
            yield return $"the runtime stage must run as a non-root user (USER $APP_UID), not {user ?? "root"}.";

        if (!runtime.Any(i => i.Keyword == "EXPOSE" && Dockerfile.Words(i).Contains("8080")))
            yield return "the runtime stage must EXPOSE 8080, where ASP.NET listens in the official images.";

        // The aspnet image has neither curl nor wget: such a check would mark every container unhealthy.
        foreach (var check in dockerfile.Instructions.Where(i => i.Keyword == "HEALTHCHECK"
                     && (i.Arguments.Contains("curl", StringComparison.Ordinal) || i.Arguments.Contains("wget", StringComparison.Ordinal))))
            yield return $"line {check.Line}: HEALTHCHECK uses a program the aspnet image does not have.";
    }
}
