using FitnessDriver.Postgres;

namespace FitnessDriver.Telemetry;

/// <summary>
/// The Telemetry database (<c>ConnectionStrings:Telemetry</c>): archive imports, and the activities the edge no longer
/// holds in memory. Live data for the activities it holds never waits for it; the log stays the edge's memory.
/// </summary>
public sealed class TelemetryDatabase(IConfiguration configuration, ILogger<TelemetryDatabase> logger)
    : ServiceDatabase("telemetry", ConnectionStringFor(configuration, "Telemetry"), typeof(TelemetryDatabase).Assembly, logger);
