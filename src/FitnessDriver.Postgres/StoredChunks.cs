using Npgsql;

namespace FitnessDriver.Postgres;

/// <summary>
/// A large file kept in a table of (<c>id</c>, <c>seq</c>, <c>data</c>) rows: written as it is produced, in chunks of
/// <see cref="ChunkSize"/>, and read back in order by whichever replica needs it, one chunk in memory at a time. Each
/// chunk can go through a transform (sealing with the owner's key) on the way in and out.
/// </summary>
/// <param name="dataSource">The database.</param>
/// <param name="table">The table, schema-qualified; its columns are <paramref name="idColumn"/>, <c>seq</c> and <c>data</c>.</param>
/// <param name="idColumn">The column naming the file.</param>
public sealed class StoredChunks(NpgsqlDataSource dataSource, string table, string idColumn)
{
    /// <summary>Bytes per stored chunk.</summary>
    public const int ChunkSize = 1 << 20;

    /// <summary>A write-only stream that stores what is written to it as the chunks of <paramref name="id"/>.</summary>
    public ChunkWriterStream OpenWriter(Guid id, Func<ReadOnlyMemory<byte>, byte[]>? seal = null) => new(this, id, seal);

    /// <summary>Deletes the chunks of <paramref name="id"/>.</summary>
    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(dataSource, $"DELETE FROM {table} WHERE {idColumn} = $1", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Copies the chunks of <paramref name="id"/> to <paramref name="destination"/> in order, each through <paramref name="open"/> if given.</summary>
    public async Task CopyToAsync(Guid id, Stream destination, CancellationToken cancellationToken, Func<byte[], byte[]>? open = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null, $"SELECT data FROM {table} WHERE {idColumn} = $1 ORDER BY seq", id);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (open is not null)
            {
                await destination.WriteAsync(open(await reader.GetFieldValueAsync<byte[]>(0, cancellationToken)), cancellationToken);
                continue;
            }

            await using var chunk = await reader.GetStreamAsync(0, cancellationToken);
            await chunk.CopyToAsync(destination, cancellationToken);
        }
    }

    private async Task InsertAsync(Guid id, int seq, ArraySegment<byte> data, CancellationToken cancellationToken)
    {
        await using var insert = PostgresCommands.Create(dataSource, $"INSERT INTO {table} ({idColumn}, seq, data) VALUES ($1, $2, $3)",
            id, seq, new NpgsqlParameter { Value = data, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bytea });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Buffers up to a chunk and stores each full one; <see cref="CompleteAsync"/> stores the rest.</summary>
    public sealed class ChunkWriterStream : Stream
    {
        private readonly StoredChunks store;
        private readonly Guid id;
        private readonly Func<ReadOnlyMemory<byte>, byte[]>? seal;
        private readonly MemoryStream pending = new(ChunkSize);
        private int seq;

        internal ChunkWriterStream(StoredChunks store, Guid id, Func<ReadOnlyMemory<byte>, byte[]>? seal)
        {
            (this.store, this.id, this.seal) = (store, id, seal);
        }

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
            var data = new ArraySegment<byte>(pending.GetBuffer(), 0, (int)pending.Length);
            await store.InsertAsync(id, seq++, seal is null ? data : new ArraySegment<byte>(seal(data)), cancellationToken);
            pending.SetLength(0);
        }
    }
}
