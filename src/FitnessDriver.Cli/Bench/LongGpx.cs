using System.Globalization;
using System.Text;

namespace FitnessDriver.Cli.Bench;

/// <summary>A GPX file of one long ride, a point a second heading east, written compactly (about 80 bytes a point) as a bike computer might.</summary>
internal static class LongGpx
{
    /// <summary>Writes <paramref name="points"/> points from <paramref name="start"/> to <paramref name="path"/>; returns the file's size.</summary>
    public static long Write(string path, DateTimeOffset start, int points)
    {
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
        {
            writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"fd bench reads\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n<trk><name>Long ride</name><trkseg>\n");
            const double lat = 43.35;
            var lon = 42.44;
            var metresPerDegree = 111_320 * Math.Cos(lat * Math.PI / 180);
            for (var i = 0; i < points; i++)
            {
                // 6 m/s with a stop of a minute every hour.
                if (i % 3600 >= 60)
                    lon += 6 / metresPerDegree;
                if (lon > 179)
                    lon = -179;
                var time = start.AddSeconds(i).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"<trkpt lat=\"{lat:F6}\" lon=\"{lon:F6}\"><time>{time}</time></trkpt>\n"));
            }

            writer.Write("</trkseg></trk>\n</gpx>\n");
        }

        return new FileInfo(path).Length;
    }
}
