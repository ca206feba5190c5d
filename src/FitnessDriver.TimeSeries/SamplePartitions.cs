using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;

namespace FitnessDriver.TimeSeries;

/// <summary>
/// Creates the monthly partitions of <c>timeseries.samples</c> as data for a month first arrives (native partitioning
/// only). Each is created in its own short transaction so the writer never holds the parent's lock. Bounds carry an
/// explicit UTC offset: without one PostgreSQL reads them in the session's time zone, which is the server's.
/// </summary>
public sealed class SamplePartitions(TimeSeriesDatabase database)
{
    private readonly ConcurrentDictionary<(int Year, int Month), bool> known = new();

    /// <summary>Makes sure a partition exists for every month of <paramref name="times"/> (epoch ms).</summary>
    public async Task EnsureAsync(IEnumerable<long> times, CancellationToken cancellationToken)
    {
        if (database.UsesTimescaleDb)
            return;
        var months = times.Select(t => DateTimeOffset.FromUnixTimeMilliseconds(t).UtcDateTime)
            .Select(d => (d.Year, d.Month)).Distinct().Where(m => !known.ContainsKey(m)).ToList();
        foreach (var (year, month) in months)
        {
            var from = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc);
            var to = from.AddMonths(1);
            var name = string.Create(CultureInfo.InvariantCulture, $"samples_y{year:0000}m{month:00}");
            await using var command = database.DataSource.CreateCommand(string.Create(CultureInfo.InvariantCulture,
                $"CREATE TABLE IF NOT EXISTS timeseries.{name} PARTITION OF timeseries.samples FOR VALUES FROM ('{from:yyyy-MM-dd} 00:00:00+00') TO ('{to:yyyy-MM-dd} 00:00:00+00')"));
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.UniqueViolation)
            {
                // Another writer created it first.
            }

            known[(year, month)] = true;
        }
    }
}
