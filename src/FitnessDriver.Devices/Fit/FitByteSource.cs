namespace FitnessDriver.Devices.Fit;

/// <summary>
/// Reads a stream through a small buffer, keeps the absolute offset and the running CRC, and turns a short read
/// into a <see cref="FitDecodeException"/> that says what was being read.
/// </summary>
internal sealed class FitByteSource(Stream stream)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _exhausted;

    /// <summary>Bytes consumed so far.</summary>
    public long Position { get; private set; }

    /// <summary>CRC of the bytes consumed since the last <see cref="ResetCrc"/>.</summary>
    public ushort Crc { get; private set; }

    public void ResetCrc() => Crc = 0;

    public bool AtEnd => !Fill(1);

    public byte ReadByte(string context)
    {
        Require(1, context);
        var b = _buffer[_start++];
        Crc = FitCrc.Update(Crc, b);
        Position++;
        return b;
    }

    /// <summary>Returns the next <paramref name="count"/> bytes; the span is valid until the next read.</summary>
    public ReadOnlySpan<byte> Read(int count, string context)
    {
        Require(count, context);
        var span = _buffer.AsSpan(_start, count);
        Crc = FitCrc.Compute(span, Crc);
        _start += count;
        Position += count;
        return span;
    }

    public void Skip(long count, string context)
    {
        while (count > 0)
        {
            var chunk = (int)Math.Min(count, _buffer.Length);
            Read(chunk, context);
            count -= chunk;
        }
    }

    private void Require(int count, string context)
    {
        if (!Fill(count))
        {
            throw new FitDecodeException(
                Position + (_end - _start), $"unexpected end of data at byte {Position + (_end - _start)} inside {context}");
        }
    }

    private bool Fill(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        while (_end < count && !_exhausted)
        {
            var read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _exhausted = true;
            }

            _end += read;
        }

        return _end - _start >= count;
    }
}
