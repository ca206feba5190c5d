using System.Xml;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Devices.Tcx;

/// <summary>
/// Reads Garmin Training Center (TCX) track points as samples, streaming: time, position, altitude, cumulative
/// distance, heart rate, cadence, and speed and power from the ActivityExtension (TPX).
/// </summary>
public static class TcxReader
{
    private const string Format = "tcx";

    /// <summary>Streams one sample per Trackpoint with a time, in file order; Trackpoints without one are skipped.</summary>
    /// <exception cref="ActivityFileDecodeException">Malformed XML.</exception>
    public static IEnumerable<Sample> ReadSamples(Stream stream) => ReadSamples(stream, summary: null);

    /// <summary>As <see cref="ReadSamples(Stream)"/>, counting skipped points in <paramref name="warnings"/> and keeping the points before the break of a file that ends early.</summary>
    public static IEnumerable<Sample> ReadSamples(Stream stream, DecodeWarnings warnings) => ReadSamples(stream, summary: null, warnings);

    /// <summary>As <see cref="ReadSamples(Stream)"/>, filling <paramref name="summary"/> on the way.</summary>
    internal static IEnumerable<Sample> ReadSamples(Stream stream, SummaryCollector? summary, DecodeWarnings? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read(stream, summary, warnings);

        static IEnumerable<Sample> Read(Stream stream, SummaryCollector? summary, DecodeWarnings? warnings)
        {
            using var xml = new XmlActivityReader(stream, Format);
            xml.ExpectRoot("TrainingCenterDatabase");
            foreach (var point in new XmlPoints(xml, "Trackpoint", x => ReadPoint(x, warnings), x => summary?.Element(x) ?? false, warnings).Read())
            {
                yield return point;
            }
        }
    }

    /// <summary>Reads sport, start time and creator device; skips the track points.</summary>
    /// <param name="stream">The input.</param>
    /// <param name="tolerant">When true, XML that breaks off ends the reading with what was found before.</param>
    /// <exception cref="ActivityFileDecodeException">Malformed XML.</exception>
    public static ActivitySummary ReadSummary(Stream stream, bool tolerant = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var xml = new XmlActivityReader(stream, Format);
        xml.ExpectRoot("TrainingCenterDatabase");
        var summary = new SummaryCollector();
        try
        {
            SkimSummary(xml, summary);
        }
        catch (ActivityFileDecodeException e) when (tolerant && e.InnerException is XmlException)
        {
        }

        return summary.Build();
    }

    private static void SkimSummary(XmlActivityReader xml, SummaryCollector summary)
    {
        var advanced = false;
        while (advanced || xml.Read())
        {
            advanced = false;
            if (xml.Xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.Xml.LocalName == "Track")
            {
                xml.Skip();
                advanced = true;
            }
            else
            {
                advanced = summary.Element(xml);
            }
        }
    }

    /// <summary>Gathers the sport, the start time and the creator device of the first activity.</summary>
    internal sealed class SummaryCollector
    {
        private Sport? sport;
        private long? start;
        private Dictionary<string, string>? creator;
        private string? author;
        private bool inActivity;

        /// <summary>Looks at an element other than a track point; true when it read past it.</summary>
        public bool Element(XmlActivityReader xml)
        {
            switch (xml.Xml.LocalName)
            {
                case "Activity" when !inActivity:
                    inActivity = true;
                    sport = SportFromAttribute(xml.Xml.GetAttribute("Sport"));
                    return false;
                case "Id" when inActivity && start is null:
                    var at = xml.Location;
                    start = xml.ParseTime("Id", xml.ReadText(), at);
                    return true;
                case "Creator" when inActivity && creator is null:
                    var read = new Dictionary<string, string>();
                    xml.ReadLeaves((path, text) => read[path] = text.Trim());
                    creator = read;
                    return false;
                case "Author":
                    xml.ReadLeaves((path, text) => author ??= path == "Name" ? text.Trim() : null);
                    return false;
                default:
                    return false;
            }
        }

        public ActivitySummary Build() => new(sport, start, Identify(creator, author));
    }

    private static DeviceIdentity Identify(Dictionary<string, string>? creator, string? author)
    {
        if (creator is null || !creator.TryGetValue("Name", out var name))
        {
            return new DeviceIdentity(Format, Creator: author);
        }

        var version = creator.TryGetValue("Version/VersionMajor", out var major)
            ? creator.TryGetValue("Version/VersionMinor", out var minor) ? $"{major}.{minor}" : major
            : null;
        return new DeviceIdentity(
            Format,
            Product: creator.GetValueOrDefault("ProductID") ?? name,
            SerialNumber: creator.GetValueOrDefault("UnitId"),
            SoftwareVersion: version,
            Creator: name);
    }

    private static Sample? ReadPoint(XmlActivityReader xml, DecodeWarnings? warnings)
    {
        var at = xml.Location;
        long? time = null;
        double? lat = null, lon = null, alt = null, distance = null, hr = null, cadence = null, speed = null, power = null;
        xml.ReadLeaves((path, text) =>
        {
            switch (path)
            {
                case "Time":
                    time = xml.ParseTime("Time", text, at);
                    break;
                case "Position/LatitudeDegrees":
                    lat = xml.ParseNumber("LatitudeDegrees", text, at);
                    break;
                case "Position/LongitudeDegrees":
                    lon = xml.ParseNumber("LongitudeDegrees", text, at);
                    break;
                case "AltitudeMeters":
                    alt = xml.ParseNumber("AltitudeMeters", text, at);
                    break;
                case "DistanceMeters":
                    distance = xml.ParseNumber("DistanceMeters", text, at);
                    break;
                case "HeartRateBpm/Value":
                    hr = xml.ParseNumber("HeartRateBpm", text, at);
                    break;
                case "Cadence":
                    cadence = xml.ParseNumber("Cadence", text, at);
                    break;
                case "Extensions/TPX/Speed":
                    speed = xml.ParseNumber("Speed", text, at);
                    break;
                case "Extensions/TPX/Watts":
                    power = xml.ParseNumber("Watts", text, at);
                    break;
                case "Extensions/TPX/RunCadence":
                    cadence ??= xml.ParseNumber("RunCadence", text, at);
                    break;
            }
        });

        if (time is not { } t)
        {
            if (warnings is not null)
            {
                warnings.UntimedPoints++;
            }

            return null;
        }

        var positioned = lat is >= -90 and <= 90 && lon is >= -180 and <= 180;
        return DecodedSamples.Create(t, hr, power, cadence, speed, distance, positioned ? lat : null, positioned ? lon : null, alt);
    }

    private static Sport? SportFromAttribute(string? sport) => sport switch
    {
        "Running" => Sport.Run,
        "Biking" => Sport.Ride,
        "Other" => Sport.Other,
        _ => null,
    };
}
