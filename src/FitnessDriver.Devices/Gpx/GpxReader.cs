using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Devices.Gpx;

/// <summary>
/// Reads GPX 1.0 and 1.1 track points as samples, streaming. Heart rate, cadence and power come from the
/// Garmin TrackPointExtension (v1 or v2), a plain &lt;power&gt; element or the PowerExtension's PowerInWatts.
/// GPX has no distance, so <see cref="Sample.Distance"/> stays null.
/// </summary>
public static class GpxReader
{
    private const string Format = "gpx";

    /// <summary>Streams one sample per track point with a time, in file order; points without a time are skipped.</summary>
    /// <exception cref="ActivityFileDecodeException">Malformed XML, or a track point without coordinates.</exception>
    public static IEnumerable<Sample> ReadSamples(Stream stream) => ReadSamples(stream, summary: null);

    /// <summary>
    /// As <see cref="ReadSamples(Stream)"/>, counting in <paramref name="warnings"/> the points skipped and the route
    /// points seen, and keeping the points before the break of a file that ends early.
    /// </summary>
    public static IEnumerable<Sample> ReadSamples(Stream stream, DecodeWarnings warnings) => ReadSamples(stream, summary: null, warnings);

    /// <summary>As <see cref="ReadSamples(Stream)"/>, filling <paramref name="summary"/> on the way.</summary>
    internal static IEnumerable<Sample> ReadSamples(Stream stream, SummaryCollector? summary, DecodeWarnings? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read(stream, summary, warnings);

        static IEnumerable<Sample> Read(Stream stream, SummaryCollector? summary, DecodeWarnings? warnings)
        {
            using var xml = new XmlActivityReader(stream, Format);
            xml.ExpectRoot("gpx");
            summary?.Root(xml);
            var points = new XmlPoints(xml, "trkpt", x => ReadPoint(x, warnings) is { } point ? Seen(point) : null, Element, warnings);
            foreach (var point in points.Read())
            {
                yield return point;
            }

            Sample Seen(Sample point)
            {
                summary?.Point(point);
                return point;
            }

            bool Element(XmlActivityReader x)
            {
                if (x.Xml.LocalName is "rtept" or "wpt" && warnings is not null)
                {
                    warnings.RoutePoints++;
                }

                return summary?.Element(x) ?? false;
            }
        }
    }

    /// <summary>Reads the creator, the track type and the first track point's time; stops there.</summary>
    /// <exception cref="ActivityFileDecodeException">Malformed XML before the first track point.</exception>
    public static ActivitySummary ReadSummary(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var summary = new SummaryCollector();
        using var xml = new XmlActivityReader(stream, Format);
        xml.ExpectRoot("gpx");
        summary.Root(xml);
        var advanced = false;
        while (summary.Start is null && (advanced || xml.Read()))
        {
            advanced = false;
            if (xml.Xml.NodeType != System.Xml.XmlNodeType.Element)
            {
                continue;
            }

            if (xml.Xml.LocalName == "trkpt")
            {
                if (ReadPoint(xml, warnings: null) is { } point)
                {
                    summary.Point(point);
                }
            }
            else
            {
                advanced = summary.Element(xml);
            }
        }

        return summary.Build();
    }

    /// <summary>Gathers the creator, the track type and the first point's time.</summary>
    internal sealed class SummaryCollector
    {
        private string? creator;
        private Sport? sport;

        public long? Start { get; private set; }

        public void Root(XmlActivityReader xml) => creator = xml.Xml.GetAttribute("creator");

        public void Point(Sample point) => Start ??= point.T;

        /// <summary>Looks at an element other than a track point; true when it read past it.</summary>
        public bool Element(XmlActivityReader xml)
        {
            if (xml.Xml.LocalName != "type" || xml.Xml.Depth != 2)
            {
                return false;
            }

            sport ??= SportFromType(xml.ReadText());
            return true;
        }

        public ActivitySummary Build() => new(sport, Start, new DeviceIdentity(Format, Creator: creator));
    }

    private static Sample? ReadPoint(XmlActivityReader xml, DecodeWarnings? warnings)
    {
        var at = xml.Location;
        var latText = xml.Xml.GetAttribute("lat");
        var lonText = xml.Xml.GetAttribute("lon");
        if (latText is null || lonText is null)
        {
            throw xml.Error("track point has no lat/lon attributes", at);
        }

        var lat = xml.ParseNumber("latitude", latText, at);
        var lon = xml.ParseNumber("longitude", lonText, at);
        if (lat is < -90 or > 90 || lon is < -180 or > 180)
        {
            throw xml.Error($"track point coordinates {lat}, {lon} are out of range", at);
        }

        long? time = null;
        double? ele = null, hr = null, cadence = null, power = null, speed = null;
        xml.ReadLeaves((path, text) =>
        {
            var name = path[(path.LastIndexOf('/') + 1)..];
            switch (name)
            {
                case "time" when path == "time":
                    time = xml.ParseTime("time", text, at);
                    break;
                case "ele" when path == "ele":
                    ele = xml.ParseNumber("ele", text, at);
                    break;
                case "speed":
                    speed = xml.ParseNumber("speed", text, at);
                    break;
                case "hr":
                    hr = xml.ParseNumber("hr", text, at);
                    break;
                case "cad":
                    cadence = xml.ParseNumber("cad", text, at);
                    break;
                case "power" or "PowerInWatts":
                    power = xml.ParseNumber(name, text, at);
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

        return DecodedSamples.Create(t, hr, power, cadence, speed, lat: lat, lon: lon, alt: ele);
    }

    private static Sport? SportFromType(string type) => type.Trim().ToUpperInvariant() switch
    {
        "RUNNING" or "RUN" or "TRAIL_RUNNING" => Sport.Run,
        "CYCLING" or "BIKING" or "RIDE" or "ROAD_BIKING" or "MOUNTAIN_BIKING" => Sport.Ride,
        "WALKING" or "WALK" => Sport.Walk,
        "HIKING" or "HIKE" => Sport.Hike,
        "SWIMMING" or "SWIM" => Sport.Swim,
        _ => null,
    };
}
