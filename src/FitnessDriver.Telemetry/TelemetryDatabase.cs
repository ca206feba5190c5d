using FitnessDriver.Postgres;

namespace FitnessDriver.Telemetry;

/// <summary>
/// The Telemetry database (<c>ConnectionStrings:Telemetry</c>): archive imports only. Live data never waits for it; the
/// log stays the edge's memory of activities.
/// </summary>
public sealed class TelemetryDatabase(IConfiguration configuration, ILogger<TelemetryDatabase> logger)
    : ServiceDatabase("telemetry", ConnectionStringFor(configuration, "Telemetry"), typeof(TelemetryDatabase).Assembly, logger);
