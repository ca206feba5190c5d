using System.Buffers.Binary;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Telemetry;

/// <summary>
/// The usable samples of an imported file, read from the decoder once and kept in a temporary file, in the event
/// log's compact batch encoding, until the activity they belong to is known (that needs their time range first).
/// Cleaned as <see cref="ImportedSamples"/> says; a time seen before in the file is dropped, as storage would.
/// </summary>
internal sealed class ImportSpool : IAsyncDisposable
{
    private readonly FileStream file = new(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);

    private ImportSpool()
    {
    }

    /// <summary>Samples kept.</summary>
    public int Count { get; private set; }

    /// <summary>Earliest kept time, epoch ms.</summary>
    public long First { get; private set; } = long.MaxValue;

    /// <summary>Latest kept time, epoch ms.</summary>
    public long Last { get; private set; } = long.MinValue;

    /// <summary>Reads <paramref name="samples"/> to the end (a decode error surfaces from here).</summary>
    public static async Task<ImportSpool> WriteAsync(IEnumerable<Sample> samples, long latestTime, CancellationToken cancellationToken)
    {
        var spool = new ImportSpool();
        try
        {
            var times = new DistinctTimes();
            var chunk = new List<Sample>(SampleAppender.SamplesPerEvent);
            foreach (var sample in samples)
            {
                if (ImportedSamples.Clean(sample, latestTime) is not { } cleaned || !times.Add(cleaned.T))
                    continue;
                chunk.Add(cleaned);
                spool.Count++;
                spool.First = Math.Min(spool.First, cleaned.T);
                spool.Last = Math.Max(spool.Last, cleaned.T);
                if (chunk.Count == SampleAppender.SamplesPerEvent)
                    await spool.WriteChunkAsync(chunk, cancellationToken);
            }

            await spool.WriteChunkAsync(chunk, cancellationToken);
            spool.file.Position = 0;
            return spool;
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    /// <summary>The kept samples in chunks of at most <see cref="SampleAppender.SamplesPerEvent"/>, in file order, from the start each time.</summary>
    public async IAsyncEnumerable<IReadOnlyList<Sample>> ReadChunksAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        file.Position = 0;
        var length = new byte[sizeof(int)];
        while (await file.ReadAtLeastAsync(length, length.Length, throwOnEndOfStream: false, cancellationToken) == length.Length)
        {
            var payload = new byte[BinaryPrimitives.ReadInt32LittleEndian(length)];
            await file.ReadExactlyAsync(payload, cancellationToken);
            yield return SampleBatchCodec.Decode(payload).Samples;
        }
    }

    private async Task WriteChunkAsync(List<Sample> chunk, CancellationToken cancellationToken)
    {
        if (chunk.Count == 0)
            return;
        var payload = SampleBatchCodec.Encode(new SampleBatch(Guid.Empty, Guid.Empty, Sport.Other, "import", chunk));
        var length = new byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(length, payload.Length);
        await file.WriteAsync(length, cancellationToken);
        await file.WriteAsync(payload, cancellationToken);
        chunk.Clear();
    }

    public ValueTask DisposeAsync() => file.DisposeAsync();

    /// <summary>
    /// Remembers the times seen, 8 bytes each: files are almost always in time order, so a new time is usually past
    /// the last and needs no lookup; the rest are searched in the ordered run and a small set of stragglers.
    /// </summary>
    private sealed class DistinctTimes
    {
        private readonly List<long> ordered = [];
        private HashSet<long>? stragglers;

        public bool Add(long t)
        {
            if (ordered.Count == 0 || t > ordered[^1])
            {
                ordered.Add(t);
                return true;
            }

            return ordered.BinarySearch(t) < 0 && (stragglers ??= []).Add(t);
        }
    }
}
