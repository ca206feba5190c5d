using System.Xml;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices.Fit;
using FitnessDriver.Devices.Gpx;
using FitnessDriver.Devices.Tcx;

namespace FitnessDriver.Devices;

/// <summary>The single entry point for activity imports: recognises FIT, GPX and TCX by content.</summary>
public static class ActivityFileDecoder
{
    /// <summary>
    /// Recognises the format and reads the summary. Samples are read lazily, from the same stream, when
    /// <see cref="DecodedActivity.Samples"/> is enumerated; memory stays flat whatever the file size. As the import, it
    /// keeps what comes before the break of a file that breaks off (<see cref="DecodedActivity.Warnings"/>).
    /// </summary>
    /// <param name="stream">A seekable stream positioned at the start of the file; the caller keeps ownership.</param>
    /// <exception cref="DeviceDecodeException">The format is unknown or the file is malformed.</exception>
    public static DecodedActivity Decode(Stream stream)
    {
        var format = DetectFormat(stream);
        var origin = stream.Position;
        var summary = format switch
        {
            ActivityFileFormat.Fit => FitActivityDecoder.ReadSummary(stream, tolerant: true),
            ActivityFileFormat.Gpx => GpxReader.ReadSummary(stream),
            _ => TcxReader.ReadSummary(stream, tolerant: true),
        };
        stream.Position = origin;
        var warnings = new DecodeWarnings();
        return new DecodedActivity(format, summary, ReadSamples(stream, origin, format, warnings)) { Warnings = warnings };
    }

    /// <summary>
    /// Recognises the format, then reads the file in a single pass: samples as they are enumerated, the summary
    /// gathered on the way (<see cref="ActivityFileReading.Summary"/>). A file that breaks off after its first sample
    /// keeps what came before, and track points without a time are skipped (<see cref="ActivityFileReading.Warnings"/>).
    /// </summary>
    /// <param name="stream">A seekable stream positioned at the start of the file; the caller keeps ownership.</param>
    /// <exception cref="DeviceDecodeException">The format is unknown (here) or the file is malformed (while reading).</exception>
    public static ActivityFileReading Read(Stream stream)
    {
        var format = DetectFormat(stream);
        var warnings = new DecodeWarnings();
        switch (format)
        {
            case ActivityFileFormat.Fit:
                var fit = new FitActivityDecoder.SummaryCollector();
                return new ActivityFileReading(format, FitActivityDecoder.ReadSamples(stream, fit, warnings), fit.Build, warnings);
            case ActivityFileFormat.Gpx:
                var gpx = new GpxReader.SummaryCollector();
                return new ActivityFileReading(format, GpxReader.ReadSamples(stream, gpx, warnings), gpx.Build, warnings);
            default:
                var tcx = new TcxReader.SummaryCollector();
                return new ActivityFileReading(format, TcxReader.ReadSamples(stream, tcx, warnings), tcx.Build, warnings);
        }
    }

    /// <summary>Recognises the format from the first bytes and leaves the stream where it was.</summary>
    /// <exception cref="ArgumentException">The stream cannot seek.</exception>
    /// <exception cref="ActivityFileDecodeException">The content is neither FIT nor GPX nor TCX.</exception>
    public static ActivityFileFormat DetectFormat(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The stream must be seekable: the summary is read before the samples.", nameof(stream));
        }

        var origin = stream.Position;
        try
        {
            Span<byte> header = stackalloc byte[12];
            var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            if (read == header.Length && header[0] >= 12 && header[8..12].SequenceEqual(".FIT"u8))
            {
                return ActivityFileFormat.Fit;
            }

            stream.Position = origin;
            return XmlRoot(stream) switch
            {
                "gpx" => ActivityFileFormat.Gpx,
                "TrainingCenterDatabase" => ActivityFileFormat.Tcx,
                var root => throw new ActivityFileDecodeException(
                    "unknown", $"unknown activity file format: XML root <{root}> is neither <gpx> nor <TrainingCenterDatabase>"),
            };
        }
        finally
        {
            stream.Position = origin;
        }
    }

    private static string XmlRoot(Stream stream)
    {
        try
        {
            XmlActivityReader.SkipLeadingWhitespace(stream);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                CloseInput = false,
            });
            reader.MoveToContent();
            return reader.NodeType == XmlNodeType.Element
                ? reader.LocalName
                : throw new ActivityFileDecodeException("unknown", "unknown activity file format: no root element");
        }
        catch (XmlException e)
        {
            throw new ActivityFileDecodeException(
                "unknown", $"unknown activity file format: not FIT and not XML ({e.Message})", e.LineNumber, e.LinePosition, e);
        }
    }

    private static IEnumerable<Sample> ReadSamples(Stream stream, long origin, ActivityFileFormat format, DecodeWarnings warnings)
    {
        stream.Position = origin;
        warnings.Reset();
        var samples = format switch
        {
            ActivityFileFormat.Fit => FitActivityDecoder.ReadSamples(stream, warnings),
            ActivityFileFormat.Gpx => GpxReader.ReadSamples(stream, warnings),
            _ => TcxReader.ReadSamples(stream, warnings),
        };
        foreach (var sample in samples)
        {
            yield return sample;
        }
    }
}
