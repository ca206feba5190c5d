using System.Globalization;
using System.Xml;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Devices.Gpx;

/// <summary>
/// Writes a GPX 1.1 track: a point per sample with a position (time, elevation), heart rate and cadence in Garmin's
/// TrackPointExtension v2, power as &lt;power&gt;, as <see cref="GpxReader"/> reads them back.
/// </summary>
public sealed class GpxWriter : IDisposable
{
    private const string Gpx = "http://www.topografix.com/GPX/1/1";
    private const string TrackPointExtension = "http://www.garmin.com/xmlschemas/TrackPointExtension/v2";
    private readonly XmlWriter xml;
    private bool completed;

    /// <summary>Starts a document with one track named <paramref name="name"/>.</summary>
    public GpxWriter(Stream output, string? name, string creator)
    {
        xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, CloseOutput = false, Async = false });
        xml.WriteStartDocument();
        xml.WriteStartElement("gpx", Gpx);
        xml.WriteAttributeString("version", "1.1");
        xml.WriteAttributeString("creator", creator);
        xml.WriteAttributeString("xmlns", "gpxtpx", null, TrackPointExtension);
        xml.WriteStartElement("trk", Gpx);
        if (name is not null)
            xml.WriteElementString("name", Gpx, name);
        xml.WriteStartElement("trkseg", Gpx);
    }

    /// <summary>Writes a track point; samples without a position are left out (GPX needs one).</summary>
    public void Write(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Lat is not { } lat || sample.Lon is not { } lon)
            return;
        xml.WriteStartElement("trkpt", Gpx);
        xml.WriteAttributeString("lat", lat.ToString("R", CultureInfo.InvariantCulture));
        xml.WriteAttributeString("lon", lon.ToString("R", CultureInfo.InvariantCulture));
        if (sample.Alt is { } alt)
            xml.WriteElementString("ele", Gpx, alt.ToString("R", CultureInfo.InvariantCulture));
        xml.WriteElementString("time", Gpx, IsoTime.FromEpochMilliseconds(sample.T));
        if (sample.Hr is not null || sample.Cadence is not null || sample.Power is not null)
        {
            xml.WriteStartElement("extensions", Gpx);
            if (sample.Power is { } power)
                xml.WriteElementString("power", Gpx, power.ToString(CultureInfo.InvariantCulture));
            if (sample.Hr is not null || sample.Cadence is not null)
            {
                xml.WriteStartElement("TrackPointExtension", TrackPointExtension);
                if (sample.Hr is { } hr)
                    xml.WriteElementString("hr", TrackPointExtension, hr.ToString(CultureInfo.InvariantCulture));
                if (sample.Cadence is { } cadence)
                    xml.WriteElementString("cad", TrackPointExtension, cadence.ToString(CultureInfo.InvariantCulture));
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    /// <summary>Closes the document.</summary>
    public void Complete()
    {
        if (completed)
            return;
        completed = true;
        xml.WriteEndDocument();
        xml.Flush();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Complete();
        xml.Dispose();
    }
}
