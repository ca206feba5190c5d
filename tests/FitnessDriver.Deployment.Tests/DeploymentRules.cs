using System.Globalization;

namespace FitnessDriver.Deployment.Tests;

/// <summary>Rules for one whole deployment (compose file or rendered kustomization), whatever its format.</summary>
internal static class DeploymentRules
{
    public static IEnumerable<string> OnePerDeployable(IReadOnlyList<Workload> workloads, string where)
    {
        foreach (var deployable in Platform.Deployables)
        {
            var running = workloads.Where(w => w.Deployable == deployable).ToList();
            if (running.Count != 1)
                yield return $"{where}: {running.Count} workloads run {deployable.Image} ({deployable}); expected exactly one.";
        }
    }

    public static IEnumerable<string> Environment(IEnumerable<Workload> workloads) =>
        workloads.SelectMany(w => EnvironmentRules.Unknown(w).Concat(EnvironmentRules.Missing(w)).Concat(EnvironmentRules.BadValues(w)));

    /// <summary>What every process of one deployment must agree on.</summary>
    public static IEnumerable<string> Shared(IReadOnlyList<Workload> workloads)
    {
        // One Prometheus job scrapes every process with one credentials file (deploy/README.md).
        var tokens = workloads.Where(w => w.Environment.ContainsKey(EnvironmentRules.ManagementToken))
            .GroupBy(w => w.Environment[EnvironmentRules.ManagementToken]).ToList();
        if (tokens.Count > 1)
            yield return $"the processes get {tokens.Count} different management tokens ({string.Join(" vs ", tokens.Select(k => $"{string.Join(", ", k.Select(w => w.Name))} from {k.Key}"))}); one scrape job could not read them all.";

        // Profiles hands data keys only to the services that send its own token.
        var keys = workloads.Where(w => w.Environment.ContainsKey(EnvironmentRules.KeysToken))
            .GroupBy(w => w.Environment[EnvironmentRules.KeysToken]).ToList();
        if (keys.Count > 1)
            yield return $"the processes get {keys.Count} different {EnvironmentRules.KeysToken}s ({string.Join(" vs ", keys.Select(k => $"{string.Join(", ", k.Select(w => w.Name))} from {k.Key}"))}); Profiles would refuse the others their athletes' data keys.";

        // Whichever service starts first creates the topics, so all must ask for the same ones on the same cluster.
        var kafka = workloads.Where(w => w.Deployable.UsesKafka)
            .GroupBy(w => KafkaSignature(w)).ToList();
        if (kafka.Count > 1)
            yield return $"the services disagree on Kafka: {string.Join(" vs ", kafka.Select(k => $"[{k.Key}] for {string.Join(", ", k.Select(w => w.Name))}"))}.";
    }

    /// <summary>Checks each <c>Services__{Name}__Url</c> with <paramref name="resolve"/>, which returns the deployable the address reaches or a reason.</summary>
    public static IEnumerable<string> ServiceAddresses(IEnumerable<Workload> workloads, Func<Uri, (Deployable? Target, string? Problem)> resolve)
    {
        foreach (var workload in workloads)
        {
            foreach (var service in workload.Deployable.ServiceUrls)
            {
                var variable = $"Services__{service}__Url";
                if (workload.Value(variable) is not { } text)
                    continue;
                if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp)
                {
                    yield return $"{workload}: {variable}={text} is not an http:// address.";
                    continue;
                }

                var (target, problem) = resolve(url);
                if (problem is not null)
                    yield return $"{workload}: {variable}={text}: {problem}.";
                else if (target?.Name != service)
                    yield return $"{workload}: {variable}={text} reaches {target?.ToString() ?? "nothing"}, not FitnessDriver.{service}.";
            }
        }
    }

    private static string KafkaSignature(Workload workload)
    {
        try
        {
            var options = EnvironmentRules.Kafka(workload);
            return string.Join(", ", EnvironmentRules.PlatformTopics.Select(t => $"{t}={options.PartitionsOf(t)}")
                .Prepend($"MinInSyncReplicas={options.MinInSyncReplicas}")
                .Prepend($"ReplicationFactor={options.ReplicationFactor.ToString(CultureInfo.InvariantCulture)}")
                .Prepend($"BootstrapServers={options.BootstrapServers}"));
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }
}
