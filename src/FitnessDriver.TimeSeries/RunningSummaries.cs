using System.Buffers.Binary;
using FitnessDriver.Contracts.Privacy;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.TimeSeries;

/// <summary>The writer's side of <see cref="RunningFigures"/>: what a transaction's new samples make of each device's figures.</summary>
internal static class RunningSummaries
{
    private const int PlainPositionBytes = 16;

    /// <summary>
    /// The figures to keep per device the transaction stored samples of: those it had, with the samples stored after its
    /// latest one (<paramref name="fresh"/>, in order) folded in; none once a sample before it was stored
    /// (<paramref name="late"/>), and none for a device that had samples without figures.
    /// </summary>
    public static Dictionary<(Guid ActivityId, string DeviceId), (byte[]? Figures, byte[]? Position)> Fold(
        IReadOnlyList<(SampleBatch Message, byte[]? Key)> accepted, IReadOnlyDictionary<(Guid ActivityId, string DeviceId), DeviceMark> marks,
        List<StoredSample> fresh, List<StoredSample> late)
    {
        var athletes = new Dictionary<Guid, (Guid AthleteId, byte[]? Key)>();
        foreach (var (message, key) in accepted)
        {
            if (!athletes.TryGetValue(message.ActivityId, out var known) || known.Key is null)
                athletes[message.ActivityId] = (message.AthleteId, key);
        }

        var running = new Dictionary<(Guid, string), RunningFigures?>();
        var (figures, figuresBatch) = ((RunningFigures?)null, (SampleBatch?)null);
        foreach (var row in fresh)
        {
            // A batch is one device's: its samples follow each other in the list.
            if (!ReferenceEquals(row.Batch, figuresBatch))
            {
                var device = (row.ActivityId, row.DeviceId);
                if (!running.TryGetValue(device, out figures))
                    running[device] = figures = Resume(marks[device], athletes[row.ActivityId].Key);
                figuresBatch = row.Batch;
            }

            figures?.Add(row.Sample, row.PlainPositions);
        }

        foreach (var row in late)
            running[(row.ActivityId, row.DeviceId)] = null;

        return running.ToDictionary(r => r.Key, r =>
        {
            if (r.Value is not { } figures)
                return ((byte[]?)null, (byte[]?)null);
            var (athleteId, key) = athletes[r.Key.Item1];
            return (figures.ToBytes(), figures.LastPosition is { } p ? SealPosition(key, athleteId, p) : null);
        });
    }

    /// <summary>The device's figures so far: new for a device with nothing stored, none when it has samples but no figures.</summary>
    private static RunningFigures? Resume(DeviceMark mark, byte[]? key)
    {
        if (mark.LastT is null)
            return new RunningFigures();
        if (mark.RunningFigures is not { } bytes)
            return null;
        // Without a key the transaction's samples have no positions, and a step without a position never uses the last one.
        (double, double)? position = mark.RunningPosition switch
        {
            null => null,
            { Length: PlainPositionBytes } plain => (BinaryPrimitives.ReadDoubleLittleEndian(plain), BinaryPrimitives.ReadDoubleLittleEndian(plain.AsSpan(8))),
            var sealedPosition when key is not null => LastPosition.Open(key, Purposes.SummaryLastPosition, sealedPosition),
            _ => null,
        };
        return RunningFigures.FromBytes(bytes, position);
    }

    private static byte[] SealPosition(byte[]? key, Guid athleteId, (double Lat, double Lon) position)
    {
        if (key is not null)
            return LastPosition.Seal(key, athleteId, Purposes.SummaryLastPosition, position.Lat, position.Lon);
        // Sealing is off: samples keep their positions in plain columns too.
        var plain = new byte[PlainPositionBytes];
        BinaryPrimitives.WriteDoubleLittleEndian(plain, position.Lat);
        BinaryPrimitives.WriteDoubleLittleEndian(plain.AsSpan(8), position.Lon);
        return plain;
    }
}
