using FitnessDriver.Postgres;
using Npgsql;

namespace FitnessDriver.Profiles.Export;

/// <summary>
/// An export archive in <c>profiles.export_chunks</c> of the athlete's region: written as it is built, in chunks of
/// <see cref="ChunkSize"/>, and read back in order by whichever replica serves the download.
/// </summary>
public static class ArchiveChunks
{
    /// <summary>Bytes per stored chunk.</summary>
    public const int ChunkSize = 1 << 20;

    /// <summary>A write-only stream that stores what is written to it as the chunks of <paramref name="exportId"/>.</summary>
    public static ChunkWriterStream OpenWriter(ProfilesDatabase database, Guid exportId) => new(database, exportId);

    /// <summary>Deletes what an earlier, interrupted build of <paramref name="exportId"/> stored.</summary>
    public static async Task DeleteAsync(ProfilesDatabase database, Guid exportId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var command = PostgresCommands.Create(database.DataSource, "DELETE FROM profiles.export_chunks WHERE export_id = $1", exportId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Copies the archive of <paramref name="exportId"/> to <paramref name="destination"/>, one chunk in memory at a time.</summary>
    public static async Task CopyToAsync(ProfilesDatabase database, Guid exportId, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(destination);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null, "SELECT data FROM profiles.export_chunks WHERE export_id = $1 ORDER BY seq", exportId);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            await using var chunk = await reader.GetStreamAsync(0, cancellationToken);
            await chunk.CopyToAsync(destination, cancellationToken);
        }
    }

    /// <summary>Buffers up to a chunk and stores each full one; <see cref="CompleteAsync"/> stores the rest.</summary>
    public sealed class ChunkWriterStream(ProfilesDatabase database, Guid exportId) : Stream
    {
        private readonly MemoryStream pending = new(ChunkSize);
        private int seq;

        /// <summary>Bytes written so far.</summary>
        public long Written { get; private set; }

        /// <inheritdoc />
        public override bool CanRead => false;

        /// <inheritdoc />
        public override bool CanSeek => false;

        /// <inheritdoc />
        public override bool CanWrite => true;

        /// <inheritdoc />
        public override long Length => throw new NotSupportedException();

        /// <inheritdoc />
        public override long Position { get => Written; set => throw new NotSupportedException(); }

        /// <summary>Stores what is still buffered.</summary>
        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
            if (pending.Length > 0)
                await StoreAsync(cancellationToken);
        }

        /// <inheritdoc />
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (!buffer.IsEmpty)
            {
                var take = (int)Math.Min(buffer.Length, ChunkSize - pending.Length);
                pending.Write(buffer.Span[..take]);
                Written += take;
                buffer = buffer[take..];
                if (pending.Length == ChunkSize)
                    await StoreAsync(cancellationToken);
            }
        }

        /// <inheritdoc />
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        /// <inheritdoc />
        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        /// <inheritdoc />
        public override void Flush()
        {
        }

        /// <inheritdoc />
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        /// <inheritdoc />
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        /// <inheritdoc />
        public override void SetLength(long value) => throw new NotSupportedException();

        /// <inheritdoc />
        protected override void Dispose(bool disposing)
        {
            if (disposing)
                pending.Dispose();
            base.Dispose(disposing);
        }

        private async Task StoreAsync(CancellationToken cancellationToken)
        {
            await using var insert = PostgresCommands.Create(database.DataSource, "INSERT INTO profiles.export_chunks (export_id, seq, data) VALUES ($1, $2, $3)",
                exportId, seq++, new NpgsqlParameter { Value = new ArraySegment<byte>(pending.GetBuffer(), 0, (int)pending.Length), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bytea });
            await insert.ExecuteNonQueryAsync(cancellationToken);
            pending.SetLength(0);
        }
    }
}
