using Npgsql;

namespace FitnessDriver.Deployment.Tests;

/// <summary>deploy/compose.yaml runs every program from its own Dockerfile, wired the way the code reads its settings.</summary>
public sealed class ComposeTests
{
    private static readonly string[] TopLevel = ["name", "services", "volumes", "networks", "configs", "secrets"];
    private readonly ComposeFile compose = ComposeFile.Load(Repository.File("deploy", "compose.yaml"));

    [Fact]
    public void The_file_is_well_formed()
    {
        var problems = new List<string>();
        foreach (var key in compose.Root.Keys.Cast<string>().Where(k => !TopLevel.Contains(k) && !k.StartsWith("x-", StringComparison.Ordinal)))
            problems.Add($"unknown top-level key {key}.");
        if (compose.Services.Count == 0)
            problems.Add("no services.");
        var volumes = compose.Root.Map("volumes")?.Keys.Cast<string>().ToHashSet() ?? [];
        foreach (var (name, service) in compose.Services)
        {
            if (service.At("image") is null && service.At("build") is null)
                problems.Add($"{name} has neither image nor build.");
            foreach (var dependency in DependsOn(service))
            {
                if (!compose.Services.TryGetValue(dependency.Service, out var target))
                    problems.Add($"{name} depends on {dependency.Service}, which is not a service.");
                else if (dependency.Condition == "service_healthy" && target.At("healthcheck") is null)
                    problems.Add($"{name} waits for {dependency.Service} to be healthy, but it has no healthcheck.");
            }

            foreach (var mount in service.List("volumes").OfType<string>())
            {
                var source = compose.Interpolate(mount, $"{name}.volumes").Split(':')[0];
                if (source.StartsWith('.') || source.StartsWith('/'))
                {
                    if (!File.Exists(Path.GetFullPath(Path.Combine(compose.Directory, source))) && !Directory.Exists(Path.GetFullPath(Path.Combine(compose.Directory, source))))
                        problems.Add($"{name} mounts {source}, which does not exist next to the compose file.");
                }
                else if (!volumes.Contains(source))
                {
                    problems.Add($"{name} mounts the volume {source}, which the top-level volumes do not declare.");
                }
            }
        }

        Interpolate(compose.Root, "");
        problems.AddRange(compose.InterpolationProblems);
        Problems.AssertNone(problems, Repository.Relative(compose.Path));
    }

    [Fact]
    public void Our_images_are_built_from_their_dockerfiles_and_listen_on_8080()
    {
        var problems = new List<string>();
        var workloads = compose.Workloads().ToList();
        problems.AddRange(DeploymentRules.OnePerDeployable(workloads, "compose"));
        foreach (var (name, service) in compose.Services.Where(s => s.Value.At("build") is not null))
        {
            var workload = workloads.SingleOrDefault(w => w.Name == name);
            if (workload is null)
            {
                problems.Add($"{name} builds an image that is none of {string.Join(", ", Platform.Deployables.Select(d => d.Image))}.");
                continue;
            }

            var context = service.Text("build", "context") ?? service.Text("build");
            var dockerfile = service.Text("build", "dockerfile") ?? "Dockerfile";
            if (context is null || Path.GetFullPath(Path.Combine(compose.Directory, context)).TrimEnd('/') != Repository.Root.TrimEnd('/'))
                problems.Add($"{name} builds from {context}; the Dockerfiles expect the repository root as context.");
            if (dockerfile != workload.Deployable.Dockerfile)
                problems.Add($"{name} runs {workload.Deployable.Image} but builds it from {dockerfile}, not {workload.Deployable.Dockerfile}.");
        }

        foreach (var workload in workloads)
        {
            var ports = compose.ContainerPorts(workload.Name).ToList();
            if (ports.Any(p => p != "8080"))
                problems.Add($"{workload}: publishes container port(s) {string.Join(", ", ports)}; the program listens on 8080.");
            var check = compose.Services[workload.Name].At("healthcheck", "test");
            var checkText = check is List<object?> words ? string.Join(' ', words) : check as string ?? "";
            if (checkText.Contains("curl", StringComparison.Ordinal) || checkText.Contains("wget", StringComparison.Ordinal))
                problems.Add($"{workload}: its healthcheck needs curl or wget, which the aspnet image does not have.");
        }

        if (workloads.FirstOrDefault(w => w.Deployable.IsGateway) is { } gateway && !compose.ContainerPorts(gateway.Name).Any())
            problems.Add($"{gateway}: the gateway publishes no port, so the API cannot be reached.");
        Problems.AssertNone(problems, Repository.Relative(compose.Path));
    }

    [Fact]
    public void Every_service_gets_the_settings_its_code_reads_and_no_others()
    {
        var workloads = compose.Workloads().ToList();
        Problems.AssertNone(DeploymentRules.Environment(workloads).Concat(DeploymentRules.Shared(workloads)), Repository.Relative(compose.Path));
    }

    [Fact]
    public void Addresses_reach_the_containers_they_name()
    {
        var workloads = compose.Workloads().ToList();
        var problems = DeploymentRules.ServiceAddresses(workloads, url =>
        {
            var target = workloads.SingleOrDefault(w => w.Name == url.Host);
            return target is null ? (null, $"{url.Host} is not a service that runs one of our images")
                : url.Port != 8080 ? (null, $"the container listens on 8080, not {url.Port}")
                : (target.Deployable, null);
        }).ToList();

        // Kafka: the bootstrap address must be advertised by a broker of this file, and topics fit on its brokers.
        var brokers = compose.Services.Where(s => s.Value.Text("image")?.StartsWith("apache/kafka:", StringComparison.Ordinal) == true).ToList();
        foreach (var workload in workloads.Where(w => w.Deployable.UsesKafka))
        {
            var options = EnvironmentRules.Kafka(workload);
            foreach (var address in options.BootstrapServers.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var advertised = brokers.SelectMany(b => (b.Value.Text("environment", "KAFKA_ADVERTISED_LISTENERS") ?? "").Split(','))
                    .Select(l => l.Split("://", 2)[^1]).ToList();
                if (!advertised.Contains(address))
                    problems.Add($"{workload}: Kafka at {address}, which no broker here advertises ({string.Join(", ", advertised)}).");
            }

            if (options.ReplicationFactor > brokers.Count)
                problems.Add($"{workload}: ReplicationFactor {options.ReplicationFactor} with {brokers.Count} broker(s): creating the topics fails.");
        }

        foreach (var (name, broker) in brokers)
        {
            if (broker.Integer("environment", "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR") is not { } offsets || offsets > brokers.Count)
                problems.Add($"{name}: KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR must be at most {brokers.Count}, or consumer groups cannot commit.");
        }

        // PostgreSQL: every connection string names a database server of this file; Profiles' database is its own.
        var databases = new Dictionary<string, (string Host, string Database)>();
        foreach (var workload in workloads)
        {
            foreach (var (variable, source) in workload.Environment.Where(e => e.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)))
            {
                var builder = new NpgsqlConnectionStringBuilder(source.Value);
                if (builder.Host is not { } host || !compose.Services.TryGetValue(host, out var server) || server.Text("image")?.Contains("postgres", StringComparison.Ordinal) != true
                        && server.Text("image")?.Contains("timescale", StringComparison.Ordinal) != true)
                    problems.Add($"{workload}: {variable} points at {builder.Host}, which is not a PostgreSQL service here.");
                else
                    databases[$"{workload.Name}.{variable}"] = (host, builder.Database ?? "");
            }
        }

        var profiles = databases.Where(d => d.Key.EndsWith("ConnectionStrings__Profiles", StringComparison.Ordinal)).Select(d => d.Value).ToList();
        foreach (var shared in databases.Where(d => !d.Key.EndsWith("ConnectionStrings__Profiles", StringComparison.Ordinal)))
        {
            if (profiles.Contains(shared.Value))
                problems.Add($"{shared.Key} uses {shared.Value.Database}, the database of Profiles' personal data.");
        }

        foreach (var (host, database) in databases.Values.Distinct())
            problems.AddRange(DatabaseCreated(host, database));
        Problems.AssertNone(problems, Repository.Relative(compose.Path));
    }

    [Fact]
    public void Each_service_connects_as_its_own_role_that_owns_only_its_schema()
    {
        var problems = new List<string>();
        var connections = compose.Workloads().Where(w => w.Deployable.Database is not null)
            .SelectMany(w => w.Environment.Where(e => e.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal))
                .Select(e => (Workload: w, Variable: e.Key, Value: e.Value.Value)));
        // Per database server of this file (a host that is none is reported by Addresses_reach_the_containers_they_name).
        foreach (var server in connections.GroupBy(c => new NpgsqlConnectionStringBuilder(c.Value).Host ?? "").Where(s => compose.Services.ContainsKey(s.Key)))
        {
            var environment = compose.Environment(server.Key);
            var databases = new Dictionary<Deployable, string>();
            foreach (var (workload, variable, value) in server)
            {
                var d = workload.Deployable;
                var (database, problem) = DatabaseRoles.Connection(d, variable, value);
                databases[d] = database;
                if (problem is not null)
                    problems.Add($"{workload}: {problem}.");
                // The init script sets each role's password from the server's environment.
                var passwordVariable = PasswordVariable(d);
                if (environment.GetValueOrDefault(passwordVariable) is not { Length: > 0 } password || password != new NpgsqlConnectionStringBuilder(value).Password)
                    problems.Add($"{workload}: {variable} must use the password {server.Key} gets as {passwordVariable}, which its init script gives {d.Role}.");
            }

            var scripts = InitScripts(server.Key).ToList();
            var sql = string.Join('\n', scripts.Select(File.ReadAllText));
            var where = scripts.Count == 0 ? $"{server.Key}'s init scripts (none)" : string.Join(", ", scripts.Select(Repository.Relative));
            problems.AddRange(DatabaseRoles.Missing(sql, where, databases));
            foreach (var d in databases.Keys.Where(d => !sql.Contains(PasswordVariable(d), StringComparison.Ordinal)))
                problems.Add($"{where}: does not read {PasswordVariable(d)}, the password of {d.Role}.");
        }

        Problems.AssertNone(problems, Repository.Relative(compose.Path));
    }

    [Fact]
    public void The_development_variables_are_complete()
    {
        var problems = new List<string>();
        if (!compose.Variables.TryGetValue("FD_MANAGEMENT_TOKEN", out var token) || token.Length < 16)
            problems.Add("deploy/.env: FD_MANAGEMENT_TOKEN must have at least 16 characters.");
        if (!compose.Variables.TryGetValue("FD_KEYS_TOKEN", out var keysToken) || keysToken.Length < 16)
            problems.Add("deploy/.env: FD_KEYS_TOKEN must have at least 16 characters.");
        else if (keysToken == token)
            problems.Add("deploy/.env: FD_KEYS_TOKEN must differ from FD_MANAGEMENT_TOKEN, which scrapers hold too.");
        var masterKey = new byte[64];
        if (!compose.Variables.TryGetValue("FD_MASTER_KEY", out var encoded) || !Convert.TryFromBase64String(encoded, masterKey, out var length) || length != 32)
            problems.Add("deploy/.env: FD_MASTER_KEY must be base64 of 32 bytes (openssl rand -base64 32).");
        foreach (var name in Platform.Deployables.Where(d => d.Schema is not null).Select(PasswordVariable).Prepend("FD_POSTGRES_PASSWORD"))
        {
            if (!compose.Variables.TryGetValue(name, out var password) || password.Length == 0)
                problems.Add($"deploy/.env: {name} is empty.");
        }

        if (!File.ReadAllText(Repository.File("deploy", ".env")).Contains("DEVELOPMENT ONLY", StringComparison.Ordinal))
            problems.Add("deploy/.env must say its values are for development only.");
        Problems.AssertNone(problems, "deploy/.env");
    }

    /// <summary>Interpolates every text of the file, so a variable deploy/.env lacks is found wherever it is used.</summary>
    private void Interpolate(object? node, string path)
    {
        switch (node)
        {
            case Dictionary<object, object?> map:
                foreach (var (key, value) in map)
                    Interpolate(value, path.Length == 0 ? (string)key : $"{path}.{key}");
                break;
            case List<object?> list:
                for (var i = 0; i < list.Count; i++)
                    Interpolate(list[i], $"{path}[{i}]");
                break;
            case string text:
                compose.Interpolate(text, path);
                break;
        }
    }

    /// <summary>A database other than the server's POSTGRES_DB must be created by an init script the server mounts.</summary>
    private IEnumerable<string> DatabaseCreated(string host, string database)
    {
        if (compose.Environment(host).GetValueOrDefault("POSTGRES_DB") == database)
            yield break;
        if (!InitScripts(host).Any(s => File.ReadAllText(s).Contains($"CREATE DATABASE {database}", StringComparison.OrdinalIgnoreCase)))
            yield return $"{host}: nothing creates the database {database} (neither POSTGRES_DB nor an init script).";
    }

    /// <summary>The files a PostgreSQL service mounts into /docker-entrypoint-initdb.d, which run when its volume is new.</summary>
    private IEnumerable<string> InitScripts(string host) =>
        compose.Services[host].List("volumes").OfType<string>().Select(v => v.Split(':'))
            .Where(v => v.Length >= 2 && v[1].StartsWith("/docker-entrypoint-initdb.d", StringComparison.Ordinal))
            .Select(v => Path.GetFullPath(Path.Combine(compose.Directory, v[0])))
            .Where(File.Exists);

    /// <summary>The variable the database server gets a service role's password in: <c>FD_DB_PASSWORD_TIMESERIES</c>.</summary>
    private static string PasswordVariable(Deployable d) => $"FD_DB_PASSWORD_{d.Schema!.ToUpperInvariant()}";

    private static IEnumerable<(string Service, string? Condition)> DependsOn(Dictionary<object, object?> service) => service.At("depends_on") switch
    {
        List<object?> list => list.OfType<string>().Select(s => (s, (string?)null)),
        Dictionary<object, object?> map => map.Select(e => ((string)e.Key, e.Value.Text("condition"))),
        _ => [],
    };
}
