namespace FitnessDriver.Deployment.Tests;

/// <summary>A rendered kustomization read as our workloads and the objects around them, with every rule they must keep.</summary>
internal sealed class KubernetesManifests
{
    /// <summary>How each program scales (docs/operations.md): the edge and the gateway on CPU, consumers on lag, push on connections.</summary>
    private static readonly Dictionary<string, string?> Scaling = new(StringComparer.Ordinal)
    {
        ["Profiles"] = null,
        ["Telemetry"] = "HorizontalPodAutoscaler",
        ["TimeSeries"] = "ScaledObject",
        ["Gamification"] = "ScaledObject",
        ["Notifications"] = "HorizontalPodAutoscaler",
        ["Social"] = "ScaledObject",
        ["Gateway"] = "HorizontalPodAutoscaler",
    };

    public KubernetesManifests(Kustomization kustomization)
    {
        Kustomization = kustomization;
        foreach (var deployment in Of("Deployment"))
        {
            if (ToWorkload(deployment) is { } workload)
                Workloads.Add((deployment, workload));
        }
    }

    public Kustomization Kustomization { get; }

    public string Where => Repository.Relative(Kustomization.Directory);

    public List<(Manifest Deployment, Workload Workload)> Workloads { get; } = [];

    public List<string> Problems { get; } = [];

    public IEnumerable<Manifest> Of(string kind) => Kustomization.Resources.Where(r => r.Kind == kind);

    public IEnumerable<string> Structure()
    {
        foreach (var resource in Kustomization.Resources)
        {
            if (resource.ApiVersion.Length == 0 || resource.Kind.Length == 0 || resource.Name.Length == 0)
                yield return $"{resource.File}: an object without apiVersion, kind or metadata.name.";
        }

        foreach (var duplicate in Kustomization.Resources.GroupBy(r => (r.Kind, r.Name)).Where(g => g.Count() > 1))
            yield return $"{duplicate.Key.Kind} {duplicate.Key.Name} is defined {duplicate.Count()} times ({string.Join(", ", duplicate.Select(d => d.File))}).";
        foreach (var problem in Kustomization.Problems.Concat(Problems))
            yield return problem;
    }

    public IEnumerable<string> Environment()
    {
        var workloads = Workloads.Select(w => w.Workload).ToList();
        foreach (var problem in DeploymentRules.OnePerDeployable(workloads, Where)
                     .Concat(DeploymentRules.Environment(workloads))
                     .Concat(DeploymentRules.Shared(workloads))
                     .Concat(DeploymentRules.ServiceAddresses(workloads, Resolve)))
            yield return problem;

        // Tokens and passwords are never in a ConfigMap or the manifests.
        foreach (var workload in workloads)
        {
            foreach (var (name, source) in workload.Environment.Where(e => EnvironmentRules.IsSecret(e.Key)))
            {
                if (source is not FromSecret)
                    yield return $"{workload}: {name} comes from {source}; it must come from a Secret.";
            }
        }
    }

    public IEnumerable<string> Pods()
    {
        foreach (var (deployment, workload) in Workloads)
        {
            var template = deployment.Document.At("spec", "template");
            var labels = template.TextEntries("metadata", "labels");
            var selector = deployment.Document.TextEntries("spec", "selector", "matchLabels");
            if (selector.Count == 0 || selector.Any(s => labels.GetValueOrDefault(s.Key) != s.Value))
                yield return $"{deployment}: the selector does not match the pod labels.";

            var annotations = template.TextEntries("metadata", "annotations");
            if (annotations.GetValueOrDefault("prometheus.io/scrape") != "true" || annotations.GetValueOrDefault("prometheus.io/port") != "8080"
                || annotations.GetValueOrDefault("prometheus.io/path") != "/metrics")
                yield return $"{deployment}: needs prometheus.io/scrape \"true\", port \"8080\" and path /metrics annotations, where the program serves its metrics.";

            if (template.Text("spec", "securityContext", "runAsNonRoot") != "true" || template.Text("spec", "securityContext", "runAsUser") == "0")
                yield return $"{deployment}: the pod must run as non-root (securityContext.runAsNonRoot: true).";

            var containers = template.List("spec", "containers");
            var container = containers.Count > 0 ? containers[0] : null;
            if (container.Text("securityContext", "allowPrivilegeEscalation") != "false")
                yield return $"{deployment}: the container must not allow privilege escalation.";
            if (!container.List("ports").Any(p => p.Text("containerPort") == "8080"))
                yield return $"{deployment}: declares no containerPort 8080, where the program listens.";
            foreach (var (probe, path) in new[] { ("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready"), ("startupProbe", "/health/live") })
            {
                if (container.At(probe) is null)
                {
                    if (probe != "startupProbe")
                        yield return $"{deployment}: no {probe}.";
                    continue;
                }

                if (container.Text(probe, "httpGet", "path") != path)
                    yield return $"{deployment}: {probe} must GET {path}, not {container.Text(probe, "httpGet", "path")}.";
                if (ContainerPort(container, container.Text(probe, "httpGet", "port")) != "8080")
                    yield return $"{deployment}: {probe} does not reach port 8080.";
            }

            foreach (var kind in new[] { "requests", "limits" })
            {
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    if (container.Text("resources", kind, resource) is null)
                        yield return $"{deployment}: no resources.{kind}.{resource}.";
                }
            }
        }

        foreach (var service in Of("Service"))
        {
            var targets = Selected(service.Document.TextEntries("spec", "selector"));
            if (targets.Count != 1)
            {
                yield return $"{service}: its selector matches {targets.Count} Deployments; expected one.";
                continue;
            }

            var containers = targets[0].Deployment.Document.List("spec", "template", "spec", "containers");
            var container = containers.Count > 0 ? containers[0] : null;
            foreach (var port in service.Document.List("spec", "ports"))
            {
                if (ContainerPort(container, port.Text("targetPort") ?? port.Text("port")) != "8080")
                    yield return $"{service}: port {port.Text("port")} targets {port.Text("targetPort")}, not the container's 8080.";
            }
        }
    }

    public IEnumerable<string> Scalers()
    {
        var autoscaled = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var hpa in Of("HorizontalPodAutoscaler"))
        {
            var target = hpa.Document.Text("spec", "scaleTargetRef", "name") ?? "";
            if (hpa.Document.Text("spec", "scaleTargetRef", "kind") != "Deployment" || Workload(target) is null)
                yield return $"{hpa}: scales {target}, which is not one of our Deployments.";
            if (hpa.Document.Integer("spec", "minReplicas") is not (>= 1 and var min) || hpa.Document.Integer("spec", "maxReplicas") is not { } max || max < min)
                yield return $"{hpa}: needs 1 <= minReplicas <= maxReplicas.";
            if (!hpa.Document.List("spec", "metrics").Any(m => m.Text("resource", "name") == "cpu"))
                yield return $"{hpa}: scales on something other than CPU.";
            if (!autoscaled.TryAdd(target, hpa.Kind))
                yield return $"{target} has more than one autoscaler.";
        }

        foreach (var scaled in Of("ScaledObject"))
        {
            var target = scaled.Document.Text("spec", "scaleTargetRef", "name") ?? "";
            var workload = Workload(target);
            if (scaled.ApiVersion != "keda.sh/v1alpha1")
                yield return $"{scaled}: apiVersion must be keda.sh/v1alpha1.";
            if (workload is null || (scaled.Document.Text("spec", "scaleTargetRef", "kind") ?? "Deployment") != "Deployment")
            {
                yield return $"{scaled}: scales {target}, which is not one of our Deployments.";
                continue;
            }

            if (!autoscaled.TryAdd(target, scaled.Kind))
                yield return $"{target} has more than one autoscaler.";
            foreach (var problem in ScaledObject(scaled, workload))
                yield return problem;
        }

        foreach (var (deployment, workload) in Workloads)
        {
            if (!Scaling.TryGetValue(workload.Deployable.Name, out var expected))
            {
                yield return $"{deployment}: no scaling policy for {workload.Deployable.Name} in KubernetesManifests.Scaling (and docs/operations.md).";
                continue;
            }

            var actual = autoscaled.GetValueOrDefault(deployment.Name);
            if (expected != actual)
                yield return $"{deployment}: scaled by {actual ?? "nothing"}; {workload.Deployable.Name} should be scaled by {expected ?? "a fixed replica count"}.";
            var replicas = deployment.Document.Integer("spec", "replicas");
            if (actual is not null && deployment.Document.At("spec", "replicas") is not null)
                yield return $"{deployment}: sets replicas although {actual} owns the count; every apply would reset it.";
            if (actual is null && replicas is not >= 1)
                yield return $"{deployment}: needs replicas >= 1 (nothing scales it).";
            if (!Of("PodDisruptionBudget").Any(p => Selected(p.Document.TextEntries("spec", "selector", "matchLabels")).Any(s => s.Deployment == deployment)))
                yield return $"{deployment}: no PodDisruptionBudget.";
        }

        foreach (var pdb in Of("PodDisruptionBudget"))
        {
            if (Selected(pdb.Document.TextEntries("spec", "selector", "matchLabels")).Count != 1)
                yield return $"{pdb}: its selector must match exactly one Deployment.";
            if (pdb.Document.At("spec", "maxUnavailable") is null && pdb.Document.At("spec", "minAvailable") is null)
                yield return $"{pdb}: sets neither maxUnavailable nor minAvailable.";
        }
    }

    /// <summary>
    /// The API is public through the gateway only, and only over TLS: an Ingress routes to the gateway's Service (on a
    /// port the Service has), and every host it serves has a certificate.
    /// </summary>
    public IEnumerable<string> Ingresses()
    {
        var ingresses = Of("Ingress").ToList();
        if (ingresses.Count == 0)
            yield return $"{Where}: no Ingress; the gateway's Service is not reachable from outside the cluster.";
        foreach (var ingress in ingresses)
        {
            var spec = ingress.Document.At("spec");
            if (ingress.ApiVersion != "networking.k8s.io/v1")
                yield return $"{ingress}: apiVersion must be networking.k8s.io/v1.";
            var paths = spec.List("rules").SelectMany(r => r.List("http", "paths")).ToList();
            foreach (var path in paths.Where(p => p.Text("pathType") is not ("Prefix" or "Exact" or "ImplementationSpecific")))
                yield return $"{ingress}: path {path.Text("path")} needs a pathType (Prefix, Exact or ImplementationSpecific).";
            var backends = paths.Select(p => p.At("backend")).Append(spec.At("defaultBackend")).OfType<Dictionary<object, object?>>().ToList();
            if (backends.Count == 0)
                yield return $"{ingress}: routes nothing.";
            foreach (var backend in backends)
            {
                if (IngressBackend(backend) is { } problem)
                    yield return $"{ingress}: {problem}.";
            }

            var tls = spec.List("tls");
            if (tls.Count == 0 || tls.Any(t => string.IsNullOrEmpty(t.Text("secretName"))))
                yield return $"{ingress}: needs tls with a secretName; tokens and passwords must not cross the network in the clear.";
            var certified = tls.SelectMany(t => t.List("hosts").OfType<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var rule in spec.List("rules"))
            {
                if (rule.Text("host") is not { } host)
                    yield return $"{ingress}: a rule without host; name the public host so that tls can cover it.";
                else if (!certified.Contains(host))
                    yield return $"{ingress}: host {host} is not among the tls hosts, so it would be served without its certificate.";
            }
        }
    }

    private string? IngressBackend(Dictionary<object, object?> backend)
    {
        var name = backend.Text("service", "name");
        var service = Of("Service").SingleOrDefault(s => s.Name == name);
        if (service is null)
            return $"routes to Service {name ?? "(none)"}, which does not exist";
        var targets = Selected(service.Document.TextEntries("spec", "selector"));
        if (targets.Count != 1 || !targets[0].Workload.Deployable.IsGateway)
            return $"routes to Service {name}, which is not the gateway's; the services are public only through the gateway";
        var number = backend.Text("service", "port", "number");
        var portName = backend.Text("service", "port", "name");
        return service.Document.List("spec", "ports").Any(p => (number is not null && p.Text("port") == number) || (portName is not null && p.Text("name") == portName))
            ? null
            : $"routes to port {number ?? portName ?? "(none)"} of Service {name}, which has no such port";
    }

    private static IEnumerable<string> ScaledObject(Manifest scaled, Workload workload)
    {
        var spec = scaled.Document.At("spec");
        var min = spec.Integer("minReplicaCount") ?? 0;
        var max = spec.Integer("maxReplicaCount") ?? 100;
        // The consumers also serve the API: at zero replicas their queries would fail.
        if (min < 1)
            yield return $"{scaled}: minReplicaCount {min}; {workload.Deployable} answers queries and must not scale to zero.";
        if (max < min)
            yield return $"{scaled}: maxReplicaCount {max} is below minReplicaCount {min}.";

        var kafka = EnvironmentRules.Kafka(workload);
        var triggers = spec.List("triggers").ToList();
        foreach (var trigger in triggers)
        {
            if (trigger.Text("type") != "kafka")
            {
                yield return $"{scaled}: trigger {trigger.Text("type")}; the consumers scale on Kafka lag.";
                continue;
            }

            var group = trigger.Text("metadata", "consumerGroup");
            var topic = trigger.Text("metadata", "topic");
            var known = workload.Deployable.Groups.SingleOrDefault(g => g.Name == group);
            if (known is null)
                yield return $"{scaled}: consumerGroup {group} is not a group of {workload.Deployable} ({string.Join(", ", workload.Deployable.Groups.Select(g => g.Name))}).";
            if (topic is null || !FitnessDriver.Contracts.Topics.All.Contains(topic))
                yield return $"{scaled}: topic {topic ?? "(none)"} is not one of the platform's topics ({string.Join(", ", FitnessDriver.Contracts.Topics.All)}).";
            else if (known is not null && !known.Topics.Contains(topic))
                yield return $"{scaled}: group {group} does not read {topic} (it reads {string.Join(", ", known.Topics)}).";
            if (topic is not null && max > kafka.PartitionsOf(topic))
                yield return $"{scaled}: maxReplicaCount {max} exceeds the {kafka.PartitionsOf(topic)} partitions of {topic}; consumers beyond that would idle.";
            if (trigger.Text("metadata", "bootstrapServers") != kafka.BootstrapServers)
                yield return $"{scaled}: watches Kafka at {trigger.Text("metadata", "bootstrapServers")}, but {workload.Deployable} uses {kafka.BootstrapServers}.";
            if (trigger.Integer("metadata", "lagThreshold") is not > 0)
                yield return $"{scaled}: lagThreshold must be a positive number.";
        }

        foreach (var group in workload.Deployable.Groups.Where(g => !triggers.Any(t => t.Text("metadata", "consumerGroup") == g.Name)))
            yield return $"{scaled}: no trigger for group {group.Name}; its lag would never add a replica.";
    }

    private (Deployable? Target, string? Problem) Resolve(Uri url)
    {
        var name = url.Host.Split('.')[0];
        var service = Of("Service").SingleOrDefault(s => s.Name == name);
        if (service is null)
            return (null, $"there is no Service {name}");
        var port = url.IsDefaultPort ? "80" : url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!service.Document.List("spec", "ports").Any(p => p.Text("port") == port))
            return (null, $"Service {name} has no port {port}");
        var targets = Selected(service.Document.TextEntries("spec", "selector"));
        return targets.Count == 1 ? (targets[0].Workload.Deployable, null) : (null, $"Service {name} selects {targets.Count} Deployments");
    }

    private List<(Manifest Deployment, Workload Workload)> Selected(Dictionary<string, string?> selector) =>
        selector.Count == 0 ? [] : Workloads.Where(w =>
        {
            var labels = w.Deployment.Document.TextEntries("spec", "template", "metadata", "labels");
            return selector.All(s => labels.GetValueOrDefault(s.Key) == s.Value);
        }).ToList();

    private Workload? Workload(string deployment) => Workloads.SingleOrDefault(w => w.Deployment.Name == deployment).Workload;

    /// <summary>The container port a Service or probe port (a number or a port name) reaches.</summary>
    private static string? ContainerPort(object? container, string? port) =>
        int.TryParse(port, out _) ? port : container.List("ports").FirstOrDefault(p => p.Text("name") == port).Text("containerPort");

    private Workload? ToWorkload(Manifest deployment)
    {
        var containers = deployment.Document.List("spec", "template", "spec", "containers");
        if (containers.Count != 1)
        {
            Problems.Add($"{deployment}: {containers.Count} containers; each program runs alone in its pod.");
            return null;
        }

        var container = containers[0];
        var image = Kustomization.ImagesAsWritten.GetValueOrDefault((deployment.Name, container.Text("name") ?? "")) ?? container.Text("image") ?? "";
        if (Platform.ByImage(image) is not { } deployable)
        {
            Problems.Add($"{deployment}: runs {image}, which is none of {string.Join(", ", Platform.Deployables.Select(d => d.Image))}.");
            return null;
        }

        var environment = new Dictionary<string, EnvSource>(StringComparer.Ordinal);
        foreach (var source in container.List("envFrom"))
        {
            if (source.Text("configMapRef", "name") is { } map)
            {
                var configMap = Of("ConfigMap").SingleOrDefault(c => c.Name == map);
                if (configMap is null)
                    Problems.Add($"{deployment}: envFrom ConfigMap {map}, which does not exist.");
                foreach (var (key, value) in configMap?.Document.TextEntries("data") ?? [])
                    environment[key] = new FromConfigMap(map, key, value);
            }
            else if (source.Text("secretRef", "name") is { } secret)
            {
                if (!Kustomization.Secrets.TryGetValue(secret, out var keys))
                    Problems.Add($"{deployment}: envFrom Secret {secret}, which is not generated here.");
                foreach (var key in keys ?? new HashSet<string>())
                    environment[key] = new FromSecret(secret, key);
            }
            else
            {
                Problems.Add($"{deployment}: an envFrom entry that is neither a ConfigMap nor a Secret.");
            }
        }

        var explicitNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in container.List("env"))
        {
            var name = variable.Text("name") ?? "";
            if (!explicitNames.Add(name))
                Problems.Add($"{deployment}: env {name} is set twice.");
            if (variable.Text("value") is { } value)
            {
                environment[name] = new Literal(value);
            }
            else if (variable.Map("valueFrom", "secretKeyRef") is { } secretKey)
            {
                var secret = secretKey.Text("name") ?? "";
                var key = secretKey.Text("key") ?? "";
                if (!Kustomization.Secrets.TryGetValue(secret, out var keys) || !keys.Contains(key))
                    Problems.Add($"{deployment}: env {name} reads key {key} of Secret {secret}, which the secretGenerator does not produce.");
                environment[name] = new FromSecret(secret, key);
            }
            else if (variable.Map("valueFrom", "configMapKeyRef") is { } mapKey)
            {
                var map = mapKey.Text("name") ?? "";
                var key = mapKey.Text("key") ?? "";
                var data = Of("ConfigMap").SingleOrDefault(c => c.Name == map)?.Document.TextEntries("data");
                if (data is null || !data.ContainsKey(key))
                    Problems.Add($"{deployment}: env {name} reads key {key} of ConfigMap {map}, which does not exist.");
                environment[name] = new FromConfigMap(map, key, data?.GetValueOrDefault(key));
            }
            else
            {
                Problems.Add($"{deployment}: env {name} has neither a value nor a Secret or ConfigMap reference.");
            }
        }

        return new Workload($"{Where}: Deployment {deployment.Name}", deployment.Name, deployable, environment);
    }
}
