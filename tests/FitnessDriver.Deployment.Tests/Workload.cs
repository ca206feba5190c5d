namespace FitnessDriver.Deployment.Tests;

/// <summary>Where a variable's value comes from.</summary>
internal abstract record EnvSource
{
    /// <summary>The value when the deployment files themselves hold it (a literal, a ConfigMap entry).</summary>
    public abstract string? Value { get; }
}

/// <summary>Written in the file (compose values after interpolation from deploy/.env).</summary>
internal sealed record Literal(string Value) : EnvSource
{
    public override string? Value { get; } = Value;

    public override string ToString() => "a literal value";
}

/// <summary>A key of a Kubernetes ConfigMap.</summary>
internal sealed record FromConfigMap(string ConfigMap, string Key, string? Data) : EnvSource
{
    public override string? Value => Data;

    public override string ToString() => $"ConfigMap {ConfigMap} key {Key}";
}

/// <summary>A key of a Kubernetes Secret; its value is not in the repository.</summary>
internal sealed record FromSecret(string Secret, string Key) : EnvSource
{
    public override string? Value => null;

    public override string ToString() => $"Secret {Secret} key {Key}";
}

/// <summary>One of our programs as a deployment file runs it: a compose service or a Kubernetes Deployment.</summary>
/// <param name="Where">The file and object, for messages.</param>
/// <param name="Name">The compose service or Deployment name.</param>
/// <param name="Deployable">The program its image runs.</param>
/// <param name="Environment">Every variable it sets, with where the value comes from.</param>
internal sealed record Workload(string Where, string Name, Deployable Deployable, IReadOnlyDictionary<string, EnvSource> Environment)
{
    public string? Value(string variable) => Environment.TryGetValue(variable, out var source) ? source.Value : null;

    public override string ToString() => Where;
}
