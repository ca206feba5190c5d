using System.IO.Compression;

namespace FitnessDriver.Telemetry.Archives;

/// <summary>
/// Reads an uploaded ZIP: a Garmin Connect data export (activity files in ZIPs nested inside it), a Strava bulk export
/// (<c>activities/*.fit.gz</c>, <c>*.gpx</c>, <c>*.tcx</c> and <c>activities.csv</c>) or any ZIP of activity files. Nested
/// archives are extracted to the work directory once; entries are read as streams, one at a time.
/// </summary>
internal sealed class ArchiveReader : IDisposable
{
    /// <summary>Separates a nested archive's path from the path of an entry inside it.</summary>
    public const string NestedSeparator = "!/";

    /// <summary>Most entries an archive may hold, nested ones included (a Garmin export of many years holds tens of thousands).</summary>
    public const int MaxEntries = 200_000;

    /// <summary>Largest nested archive unpacked.</summary>
    private const long MaxNestedBytes = 8L * 1024 * 1024 * 1024;

    private const int MaxNesting = 2;
    private static readonly string[] ActivityExtensions = [".fit", ".gpx", ".tcx"];
    private readonly string workDirectory;
    private readonly ZipArchive root;
    private readonly Dictionary<string, ZipArchive> nested = new(StringComparer.Ordinal);

    private ArchiveReader(string path, string workDirectory)
    {
        this.workDirectory = workDirectory;
        root = ZipFile.OpenRead(path);
    }

    /// <summary>What an entry is: an activity file to import, or something else with the reason it is skipped.</summary>
    public sealed record Entry(string Path, long Length, string? SkipReason);

    /// <summary>Opens the archive at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">It is not a readable ZIP archive.</exception>
    public static ArchiveReader Open(string path, string workDirectory) => new(path, workDirectory);

    /// <summary>Every file entry, nested archives' entries included (in place of the nested archive itself).</summary>
    /// <exception cref="InvalidDataException">The archive holds more than <see cref="MaxEntries"/> entries.</exception>
    public IEnumerable<Entry> Entries() => EntriesOf(root, "", 0).Select((entry, i) =>
        i < MaxEntries ? entry : throw new InvalidDataException($"it holds more than {MaxEntries:N0} files; split it into smaller archives"));

    /// <summary>An entry's content, decompressed when it is gzipped, at most <paramref name="maxBytes"/> long.</summary>
    /// <exception cref="InvalidDataException">The entry is corrupt or longer than <paramref name="maxBytes"/>.</exception>
    public Stream Open(string path, long maxBytes)
    {
        var separator = path.LastIndexOf(NestedSeparator, StringComparison.Ordinal);
        var archive = separator < 0 ? root : NestedArchive(path[..separator]);
        var name = separator < 0 ? path : path[(separator + NestedSeparator.Length)..];
        var entry = archive.GetEntry(name) ?? throw new FileNotFoundException($"{path} is not in the archive.");
        Stream stream = entry.Open();
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            stream = new GZipStream(stream, CompressionMode.Decompress);
        return new BoundedStream(stream, maxBytes);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var archive in nested.Values)
            archive.Dispose();
        root.Dispose();
    }

    private IEnumerable<Entry> EntriesOf(ZipArchive archive, string prefix, int depth)
    {
        foreach (var entry in archive.Entries.Where(e => e.Name.Length > 0).OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            var path = prefix + entry.FullName;
            if (entry.FullName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                if (depth >= MaxNesting)
                {
                    yield return new Entry(path, entry.Length, $"an archive nested more than {MaxNesting} deep");
                    continue;
                }

                ZipArchive? inner = null;
                string? broken = null;
                try
                {
                    inner = NestedArchive(path);
                }
                catch (InvalidDataException e)
                {
                    broken = e.Message;
                }

                if (inner is null)
                {
                    yield return new Entry(path, entry.Length, $"a nested archive that cannot be read: {broken}");
                    continue;
                }

                foreach (var innerEntry in EntriesOf(inner, path + NestedSeparator, depth + 1))
                    yield return innerEntry;
                continue;
            }

            yield return new Entry(path, entry.Length, SkipReason(entry.FullName));
        }
    }

    private static string? SkipReason(string name)
    {
        var bare = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;
        if (ActivityExtensions.Any(e => bare.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            return null;
        if (StravaActivities.IsList(name))
            return "the activity list: names and sports are taken from it";
        var extension = Path.GetExtension(bare);
        return extension.Length > 0 ? $"not an activity file ({extension.ToLowerInvariant()})" : "not an activity file";
    }

    private ZipArchive NestedArchive(string path)
    {
        if (nested.TryGetValue(path, out var open))
            return open;
        var separator = path.LastIndexOf(NestedSeparator, StringComparison.Ordinal);
        var parent = separator < 0 ? root : NestedArchive(path[..separator]);
        var entry = parent.GetEntry(separator < 0 ? path : path[(separator + NestedSeparator.Length)..])
            ?? throw new InvalidDataException($"{path} is not in the archive.");
        var extracted = System.IO.Path.Combine(workDirectory, $"nested-{nested.Count}.zip");
        using (var source = new BoundedStream(entry.Open(), MaxNestedBytes))
        using (var target = File.Create(extracted))
            source.CopyTo(target);
        return nested[path] = ZipFile.OpenRead(extracted);
    }

    /// <summary>Reads at most a given number of bytes; reading more is an <see cref="InvalidDataException"/>.</summary>
    private sealed class BoundedStream(Stream inner, long maxBytes) : Stream
    {
        private long read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }

        private int Count(int n)
        {
            read += n;
            return read > maxBytes ? throw new InvalidDataException($"it is larger than {maxBytes / (1024 * 1024)} MiB") : n;
        }
    }
}
