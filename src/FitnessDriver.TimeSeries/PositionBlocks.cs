using System.Buffers.Binary;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Privacy;
using FitnessDriver.Postgres;
using FitnessDriver.ServiceDefaults.Privacy;
using Npgsql;

namespace FitnessDriver.TimeSeries;

/// <summary>One position of a device.</summary>
/// <param name="T">Epoch milliseconds.</param>
/// <param name="Lat">Latitude, degrees.</param>
/// <param name="Lon">Longitude, degrees.</param>
public readonly record struct Position(long T, double Lat, double Lon);

/// <summary>
/// Positions at rest: the positions of one sample batch sealed with the athlete's data key, a row of
/// <c>timeseries.positions</c>, so neither the tables nor the write-ahead log nor a backup hold a readable track.
/// Queries open them in the service (GPS distance, the lat/lon streams); erasing the athlete destroys the key.
/// </summary>
public static class PositionBlocks
{
    private const int LegacyPointLength = 24;

    /// <summary>The <paramref name="positions"/> of a batch, in the compact encoding (see <see cref="PositionCodec"/>), sealed.</summary>
    public static byte[] Seal(byte[] key, Guid athleteId, IReadOnlyList<Position> positions) =>
        Sealed.Seal(key, athleteId, Purposes.CompactPositions, PositionCodec.Encode(positions));

    /// <summary>
    /// Opens a sealed block: compact, or as blocks were sealed before the compact encoding (time, latitude, longitude;
    /// 24 bytes each) when it does not open as compact.
    /// </summary>
    public static IReadOnlyList<Position> Open(byte[] key, byte[] sealedBlock)
    {
        ArgumentNullException.ThrowIfNull(sealedBlock);
        byte[] plain;
        try
        {
            return PositionCodec.Decode(Sealed.Open(key, Purposes.CompactPositions, sealedBlock));
        }
        catch (ContractFormatException)
        {
            plain = Sealed.Open(key, Purposes.Positions, sealedBlock);
        }

        var positions = new List<Position>(plain.Length / LegacyPointLength);
        for (var offset = 0; offset + LegacyPointLength <= plain.Length; offset += LegacyPointLength)
        {
            var point = plain.AsSpan(offset, LegacyPointLength);
            positions.Add(new Position(BinaryPrimitives.ReadInt64LittleEndian(point), BinaryPrimitives.ReadDoubleLittleEndian(point[8..]),
                BinaryPrimitives.ReadDoubleLittleEndian(point[16..])));
        }

        return positions;
    }

    /// <summary>
    /// The sealed positions of an activity by device within <paramref name="range"/>, in time order, one per time; empty
    /// when there are none or the athlete was erased (their key is gone). Only blocks that overlap the range are opened.
    /// </summary>
    public static async Task<Dictionary<string, List<Position>>> ReadAsync(NpgsqlConnection connection, Guid activityId, Guid athleteId,
        IAthleteKeys keys, SampleRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var byDevice = new Dictionary<string, List<Position>>(StringComparer.Ordinal);
        await using var command = PostgresCommands.Create(connection, null, """
            SELECT device_id, sealed FROM timeseries.positions
            WHERE activity_id = $1 AND athlete_id = $2 AND first_t < $4 AND last_t >= $3
            """, activityId, athleteId, ActivityCache.Time(range.First), ActivityCache.Time(range.End));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        byte[]? key = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            key ??= await keys.FindAsync(athleteId, cancellationToken);
            if (key is null)
                break;
            var device = reader.GetString(0);
            if (!byDevice.TryGetValue(device, out var points))
                byDevice[device] = points = [];
            points.AddRange(Open(key, (byte[])reader[1]).Where(p => p.T >= range.First && p.T <= range.Last));
        }

        foreach (var points in byDevice.Values)
            InTimeOrderOncePerTime(points);
        return byDevice;
    }

    // Blocks of re-sent batches may overlap; positions of one time are the same sample's. Sorted in place: a long
    // activity's positions are held once.
    private static void InTimeOrderOncePerTime(List<Position> points)
    {
        points.Sort(static (a, b) => a.T.CompareTo(b.T));
        var kept = 0;
        for (var i = 0; i < points.Count; i++)
        {
            if (kept == 0 || points[kept - 1].T != points[i].T)
                points[kept++] = points[i];
        }

        points.RemoveRange(kept, points.Count - kept);
    }
}
