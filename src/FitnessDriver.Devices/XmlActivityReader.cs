using System.Globalization;
using System.Text;
using System.Xml;

namespace FitnessDriver.Devices;

/// <summary>
/// Forward-only XML access shared by the GPX and TCX readers: safe settings, leaf values of an element by
/// relative path, number and time parsing, and errors that carry line and position. Work is linear in the input:
/// activity files nest a few levels deep, so deeper nesting is refused rather than followed.
/// </summary>
internal sealed class XmlActivityReader : IDisposable
{
    /// <summary>The deepest element accepted (GPX and TCX need fewer than 12 levels).</summary>
    public const int MaxDepth = 64;

    private readonly XmlReader _reader;
    private readonly string _format;

    public XmlActivityReader(Stream stream, string format)
    {
        _format = format;
        SkipLeadingWhitespace(stream);
        _reader = XmlReader.Create(stream, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        });
    }

    public XmlReader Xml => _reader;

    /// <summary>
    /// Moves a seekable stream past whitespace before the XML declaration (after a UTF-8 byte order mark, if any), which
    /// some exporters write and XML forbids; leaves any other stream where it is.
    /// </summary>
    public static void SkipLeadingWhitespace(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            return;
        }

        var origin = stream.Position;
        Span<byte> bom = stackalloc byte[3];
        var hasBom = stream.ReadAtLeast(bom, 3, throwOnEndOfStream: false) == 3 && bom.SequenceEqual("\uFEFF"u8);
        if (!hasBom)
        {
            stream.Position = origin;
        }

        var start = stream.Position;
        int next;
        while ((next = stream.ReadByte()) is ' ' or '\t' or '\r' or '\n')
        {
        }

        var content = next < 0 ? stream.Position : stream.Position - 1;
        stream.Position = content > start ? content : origin;
    }

    public (int Line, int Position) Location =>
        _reader is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);

    /// <summary>Advances to the next node; malformed XML becomes a decode error.</summary>
    public bool Read()
    {
        var read = Guard(_reader.Read);
        CheckDepth();
        return read;
    }

    /// <summary>Moves to the root element and checks its local name.</summary>
    public void ExpectRoot(string localName)
    {
        Guard(() =>
        {
            _reader.MoveToContent();
            return true;
        });
        if (_reader.NodeType != XmlNodeType.Element || _reader.LocalName != localName)
        {
            throw Error($"root element is <{_reader.LocalName}>, expected <{localName}>");
        }
    }

    /// <summary>Reads the text of the current element and moves past it.</summary>
    public string ReadText()
    {
        var text = string.Empty;
        Guard(() =>
        {
            text = _reader.ReadElementContentAsString();
            return true;
        });
        return text;
    }

    /// <summary>Skips the current element with its subtree.</summary>
    public void Skip() => Guard(() =>
    {
        _reader.Skip();
        return true;
    });

    /// <summary>
    /// Reads the current element's subtree and calls <paramref name="onLeaf"/> with the '/'-joined local-name
    /// path (relative to the element) and text of every element that holds text.
    /// </summary>
    public void ReadLeaves(Action<string, string> onLeaf)
    {
        try
        {
            ReadLeavesUnguarded(onLeaf);
        }
        catch (XmlException e)
        {
            throw Malformed(e);
        }
    }

    /// <summary>Parses a number; NaN and infinities (written out, or too large for a double) are no value, like a missing one.</summary>
    public double? ParseNumber(string what, string text, (int Line, int Position) at) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? double.IsFinite(value) ? value : null
            : throw Error($"{what} '{text}' is not a number", at);

    public long ParseTime(string what, string text, (int Line, int Position) at) =>
        DateTimeOffset.TryParse(
            text.Trim(),
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var time)
            ? time.ToUnixTimeMilliseconds()
            : throw Error($"{what} '{text}' is not a date and time", at);

    public ActivityFileDecodeException Error(string reason, (int Line, int Position)? at = null)
    {
        var (line, position) = at ?? Location;
        return new ActivityFileDecodeException(_format, reason, line, position);
    }

    private void ReadLeavesUnguarded(Action<string, string> onLeaf)
    {
        if (_reader.IsEmptyElement)
        {
            return;
        }

        var startDepth = _reader.Depth;
        // The path grows and shrinks in place: rebuilding it for every leaf would be quadratic in the depth.
        var path = new StringBuilder();
        var lengths = new Stack<int>();
        string? text = null;
        while (_reader.Read())
        {
            switch (_reader.NodeType)
            {
                case XmlNodeType.Element:
                    CheckDepth();
                    text = null;
                    if (!_reader.IsEmptyElement)
                    {
                        lengths.Push(path.Length);
                        path.Append(path.Length == 0 ? "" : "/").Append(_reader.LocalName);
                    }

                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA:
                    text = _reader.Value;
                    break;
                case XmlNodeType.EndElement when _reader.Depth == startDepth:
                    return;
                case XmlNodeType.EndElement:
                    if (text is not null)
                    {
                        onLeaf(path.ToString(), text);
                        text = null;
                    }

                    path.Length = lengths.Pop();
                    break;
            }
        }
    }

    public void Dispose() => _reader.Dispose();

    private void CheckDepth()
    {
        if (_reader.Depth > MaxDepth)
        {
            throw Error($"elements are nested more than {MaxDepth} levels deep; activity files need only a few");
        }
    }

    private bool Guard(Func<bool> action)
    {
        try
        {
            return action();
        }
        catch (XmlException e)
        {
            throw Malformed(e);
        }
    }

    private ActivityFileDecodeException Malformed(XmlException e) =>
        new(_format, $"malformed XML: {e.Message}", e.LineNumber, e.LinePosition, e);
}
