namespace FitnessDriver.Host;

/// <summary>Which services a <see cref="PlatformHost"/> runs.</summary>
public enum PlatformServices
{
    /// <summary>Every service: the product on one machine.</summary>
    All,

    /// <summary>
    /// The path a sample takes to storage: Profiles (tokens), Telemetry (the edge) and TimeSeries (the writer). The
    /// other services' consumer groups stay where they are in the log, as when they run on nodes of their own and lag.
    /// </summary>
    IngestPath,
}
