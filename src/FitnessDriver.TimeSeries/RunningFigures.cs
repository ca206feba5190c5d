using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.TimeSeries;

/// <summary>
/// A device's summary figures kept by the writer as its samples arrive in time order: <see cref="DeviceFigures"/> and
/// the one-second averages the fused view of a one-device activity is made of (average and highest heart rate, average
/// power and speed). An activity of one device whose samples all came after its latest stored one answers its summary
/// from these, without reading its samples; anything else (a late sample, a second device) is computed from the samples.
/// Stored on <c>timeseries.activity_devices</c>: the figures plain, the last position sealed (see <see cref="RunningSummaries"/>).
/// </summary>
public sealed class RunningFigures
{
    private const byte Version = 1;

    private DeviceFigures device = new();
    private long? second;
    private readonly SecondAverages hr = new(), power = new(), speedMms = new();

    /// <summary>Folds the next stored sample of the device, later than every one before; positions as reads see them.</summary>
    public void Add(Sample sample, bool plainPositions)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var speed = SampleUnits.SpeedMms(sample.Speed);
        var distance = SampleUnits.DistanceDm(sample.Distance);
        (double, double)? position = !sample.HasPosition ? null
            : plainPositions ? (sample.Lat!.Value, sample.Lon!.Value)
            : (PositionCodec.Units(sample.Lat!.Value) / PositionCodec.UnitsPerDegree, PositionCodec.Units(sample.Lon!.Value) / PositionCodec.UnitsPerDegree);
        device.Add(sample.T, speed / 1000.0, distance / 10.0, position);

        var bucket = sample.T - (((sample.T % 1000) + 1000) % 1000);
        if (second != bucket)
        {
            Close();
            second = bucket;
        }

        hr.Add((short?)sample.Hr);
        power.Add((short?)sample.Power);
        speedMms.Add(speed);
    }

    /// <summary>The summary's figures of the samples folded so far.</summary>
    public SummaryFigures Figures()
    {
        var (hrSeconds, powerSeconds, speedSeconds) = (hr.WithOpenSecond(), power.WithOpenSecond(), speedMms.WithOpenSecond());
        var distance = device.Distance is { } d && d > 0 ? d : 0;
        return new SummaryFigures(device.Samples, distance, device.MovingS,
            hrSeconds.Average, hrSeconds.Max, powerSeconds.Average, speedSeconds.Average / 1000);
    }

    /// <summary>The last sample's position, which the caller keeps sealed.</summary>
    public (double Lat, double Lon)? LastPosition => device.Previous?.Position;

    private void Close()
    {
        hr.CloseSecond();
        power.CloseSecond();
        speedMms.CloseSecond();
    }

    /// <summary>The figures without the last position.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Version);
            device.Write(writer);
            writer.Write(second is not null);
            writer.Write(second ?? 0);
            hr.Write(writer);
            power.Write(writer);
            speedMms.Write(writer);
        }

        return stream.ToArray();
    }

    /// <summary>Reads <see cref="ToBytes"/>; null for another version.</summary>
    public static RunningFigures? FromBytes(byte[] bytes, (double Lat, double Lon)? lastPosition)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var reader = new BinaryReader(new MemoryStream(bytes));
        if (reader.ReadByte() != Version)
            return null;
        var figures = new RunningFigures { device = DeviceFigures.Read(reader, lastPosition) };
        var hasSecond = reader.ReadBoolean();
        var second = reader.ReadInt64();
        figures.second = hasSecond ? second : null;
        figures.hr.Read(reader);
        figures.power.Read(reader);
        figures.speedMms.Read(reader);
        return figures;
    }

    /// <summary>The figures of an activity that has exactly one device with figures kept, read in the caller's snapshot; else null.</summary>
    public static async Task<SummaryFigures?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid activityId, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, transaction,
            "SELECT running_figures FROM timeseries.activity_devices WHERE activity_id = $1 LIMIT 2", activityId);
        var rows = new List<byte[]?>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                rows.Add(reader.IsDBNull(0) ? null : (byte[])reader[0]);
        }

        return rows is [{ } only] ? FromBytes(only, null)?.Figures() : null;
    }

    internal static void WriteNullable(BinaryWriter writer, double? value)
    {
        writer.Write(value is not null);
        writer.Write(value ?? 0);
    }

    internal static double? ReadNullable(BinaryReader reader)
    {
        var has = reader.ReadBoolean();
        var value = reader.ReadDouble();
        return has ? value : null;
    }

    /// <summary>A channel averaged per second, then over the seconds that have it, with the highest second.</summary>
    private sealed class SecondAverages
    {
        private double secondSum;
        private long secondCount;
        private double sum;
        private long seconds;
        private double? max;

        public void Add(long? value)
        {
            if (value is not { } v)
                return;
            secondSum += v;
            secondCount++;
        }

        public void CloseSecond()
        {
            if (secondCount == 0)
                return;
            var average = secondSum / secondCount;
            sum += average;
            seconds++;
            max = Math.Max(max ?? average, average);
            (secondSum, secondCount) = (0, 0);
        }

        public (double? Average, double? Max) WithOpenSecond()
        {
            var (total, count, highest) = (sum, seconds, max);
            if (secondCount > 0)
            {
                var average = secondSum / secondCount;
                (total, count, highest) = (total + average, count + 1, Math.Max(highest ?? average, average));
            }

            return count == 0 ? (null, null) : (total / count, highest);
        }

        public void Write(BinaryWriter writer)
        {
            writer.Write(secondSum);
            writer.Write(secondCount);
            writer.Write(sum);
            writer.Write(seconds);
            WriteNullable(writer, max);
        }

        public void Read(BinaryReader reader)
        {
            secondSum = reader.ReadDouble();
            secondCount = reader.ReadInt64();
            sum = reader.ReadDouble();
            seconds = reader.ReadInt64();
            max = ReadNullable(reader);
        }
    }
}
