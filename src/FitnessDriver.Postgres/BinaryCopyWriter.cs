using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Npgsql;

namespace FitnessDriver.Postgres;

/// <summary>
/// Rows in PostgreSQL's binary COPY format, sent in blocks through Npgsql's raw binary COPY. For the hot paths that
/// COPY many narrow rows of a fixed shape: Npgsql's importer binds a parameter for each value, which cost more than the
/// rest of the work on a row. A row is <see cref="StartRowAsync"/>, then one write per column in the COPY's column order.
/// </summary>
public sealed class BinaryCopyWriter : IAsyncDisposable
{
    private const int FlushBytes = 64 * 1024;
    private const int SmallintOid = 21;
    private const long PostgresEpochUnixMilliseconds = 946_684_800_000;
    private static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly NpgsqlRawCopyStream stream;
    private readonly ArrayBufferWriter<byte> buffer = new(FlushBytes + 1024);
    private bool completed;

    private BinaryCopyWriter(NpgsqlRawCopyStream stream)
    {
        this.stream = stream;
        buffer.Write(Header);
    }

    /// <summary>Starts <paramref name="copyCommand"/>, a <c>COPY … FROM STDIN (FORMAT BINARY)</c>.</summary>
    public static async Task<BinaryCopyWriter> BeginAsync(NpgsqlConnection connection, string copyCommand, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new BinaryCopyWriter(await connection.BeginRawBinaryCopyAsync(copyCommand, cancellationToken));
    }

    /// <summary>Starts a row of <paramref name="columns"/> values; sends the rows before it once they fill a block.</summary>
    public ValueTask StartRowAsync(short columns, CancellationToken cancellationToken)
    {
        if (buffer.WrittenCount >= FlushBytes)
            return FlushThenStartRowAsync(columns, cancellationToken);
        WriteInt16(columns);
        return ValueTask.CompletedTask;
    }

    /// <summary>A <c>uuid</c>.</summary>
    public void Write(Guid value)
    {
        WriteInt32(16);
        value.TryWriteBytes(buffer.GetSpan(16), bigEndian: true, out _);
        buffer.Advance(16);
    }

    /// <summary>A <c>text</c>.</summary>
    public void Write(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = Encoding.UTF8.GetByteCount(value);
        WriteInt32(length);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    /// <summary>A <c>timestamptz</c> from milliseconds since the Unix epoch.</summary>
    public void WriteTimestamp(long unixMilliseconds) => Write((unixMilliseconds - PostgresEpochUnixMilliseconds) * 1000);

    /// <summary>A <c>smallint</c>, or null.</summary>
    public void Write(short? value)
    {
        if (LengthOrNull(value.HasValue, sizeof(short)))
            WriteInt16(value.GetValueOrDefault());
    }

    /// <summary>An <c>integer</c>, or null.</summary>
    public void Write(int? value)
    {
        if (LengthOrNull(value.HasValue, sizeof(int)))
            WriteInt32(value.GetValueOrDefault());
    }

    /// <summary>A <c>bigint</c>, or null.</summary>
    public void Write(long? value)
    {
        if (!LengthOrNull(value.HasValue, sizeof(long)))
            return;
        BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(sizeof(long)), value.GetValueOrDefault());
        buffer.Advance(sizeof(long));
    }

    /// <summary>A <c>double precision</c>, or null.</summary>
    public void Write(double? value) => Write(value is { } v ? BitConverter.DoubleToInt64Bits(v) : (long?)null);

    /// <summary>A one-dimensional <c>smallint[]</c> without nulls, or null for none; values beyond smallint are clamped.</summary>
    public void WriteSmallintArray(IReadOnlyList<int>? values)
    {
        if (values is not { Count: > 0 })
        {
            WriteNull();
            return;
        }

        WriteInt32((5 * sizeof(int)) + (values.Count * (sizeof(int) + sizeof(short))));
        WriteInt32(1);
        WriteInt32(0);
        WriteInt32(SmallintOid);
        WriteInt32(values.Count);
        WriteInt32(1);
        // Indexed: a foreach over the interface would allocate an enumerator for every row.
        for (var i = 0; i < values.Count; i++)
        {
            WriteInt32(sizeof(short));
            WriteInt16((short)Math.Clamp(values[i], short.MinValue, short.MaxValue));
        }
    }

    /// <summary>A null of any type.</summary>
    public void WriteNull() => WriteInt32(-1);

    /// <summary>Ends the COPY: its rows are in the table once this returns (within the connection's transaction).</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        WriteInt16(-1);
        await FlushAsync(cancellationToken);
        completed = true;
        await stream.DisposeAsync();
    }

    /// <summary>Cancels the COPY unless it was completed: none of its rows are kept.</summary>
    public async ValueTask DisposeAsync()
    {
        if (completed)
            return;
        completed = true;
        await stream.CancelAsync();
        await stream.DisposeAsync();
    }

    private async ValueTask FlushThenStartRowAsync(short columns, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        WriteInt16(columns);
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
        buffer.ResetWrittenCount();
    }

    /// <summary>Writes a value's length when it is present, else a null; true when the value is to follow.</summary>
    private bool LengthOrNull(bool present, int length)
    {
        WriteInt32(present ? length : -1);
        return present;
    }

    private void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(buffer.GetSpan(sizeof(short)), value);
        buffer.Advance(sizeof(short));
    }

    private void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(sizeof(int)), value);
        buffer.Advance(sizeof(int));
    }
}
