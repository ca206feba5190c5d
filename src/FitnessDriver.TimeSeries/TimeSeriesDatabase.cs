using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.TimeSeries;

/// <summary>
/// The TimeSeries database (<c>ConnectionStrings:TimeSeries</c>). Uses TimescaleDB when
/// <c>CREATE EXTENSION timescaledb</c> succeeds, native partitions otherwise.
/// </summary>
public sealed class TimeSeriesDatabase(IConfiguration configuration, ILogger<TimeSeriesDatabase> logger)
    : ServiceDatabase("timeseries", ConnectionStringFor(configuration, "TimeSeries"), typeof(TimeSeriesDatabase).Assembly, logger)
{
    /// <summary>The feature name that selects the TimescaleDB variant of a migration.</summary>
    public const string TimescaleDb = "timescaledb";

    /// <summary>True when samples live in a TimescaleDB hypertable (known once migrated).</summary>
    public bool UsesTimescaleDb { get; private set; }

    /// <inheritdoc />
    protected override async Task<IReadOnlySet<string>> DetectFeaturesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using (var journal = new NpgsqlCommand(
            "SELECT variant FROM timeseries.schema_migrations WHERE version = '002_samples'", connection))
        {
            try
            {
                if (await journal.ExecuteScalarAsync(cancellationToken) is string variant)
                    return Features(variant == TimescaleDb);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
            {
                // First start: nothing migrated yet.
            }
        }

        try
        {
            await using var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS timescaledb", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            Logger.LogInformation("TimescaleDB is available: samples go to a hypertable");
            return Features(true);
        }
        catch (PostgresException e)
        {
            Logger.LogInformation("TimescaleDB is not available ({Reason}); samples go to native monthly partitions", e.MessageText);
            return Features(false);
        }
    }

    private HashSet<string> Features(bool timescale)
    {
        UsesTimescaleDb = timescale;
        return timescale ? [TimescaleDb] : [];
    }
}
