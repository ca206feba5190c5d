using System.IO.Compression;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices.Fit;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>ZIPs shaped like the exports athletes bring, built from the repository's device files and generated ones.</summary>
internal static class ExportShapedArchives
{
    /// <summary>
    /// A Garmin Connect data export: the activity files sit in a ZIP nested in the export, among wellness and settings files;
    /// <paramref name="rides"/> generated rides (one a day back from two hours ago) in a second nested ZIP make it longer.
    /// </summary>
    public static byte[] Garmin(out GarminContents contents, int rides = 0)
    {
        var run = DeviceBytes("fit", "garmin-fenix-5-run.fit");
        var longRun = DeviceBytes("fit", "activity-small-fenix2-run.fit");
        var uploaded = Zip(
            ("user_1001.fit", run),
            ("user_1002.fit", DeviceBytes("fit", "garmin-edge-820-bike.fit")),
            ("user_1003.fit", DeviceBytes("fit", "garmin-fenix-5-walk.fit")),
            ("user_1004_copy.fit", run),
            ("user_1005.fit", longRun[..(longRun.Length * 3 / 5)]),
            ("user_1006_WELLNESS.fit", DeviceBytes("fit", "MonitoringFile.fit")),
            ("user_1007_SETTINGS.fit", DeviceBytes("fit", "Settings.fit")),
            ("user_1008.fit", [.. "not a FIT file at all, only text"u8]),
            ("user_1009.fit", MonitoringFit()));
        contents = new GarminContents(Activities: 4 + rides, Merged: 1, Skipped: 3 + 2, Failed: 1,
            Truncated: "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip!/user_1005.fit");
        var lastStart = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds());
        return Zip(
        [
            ("DI_CONNECT/DI-Connect-Fitness/user_summary.json", [.. "{\"runs\": 3}"u8]),
            ("DI_CONNECT/DI-Connect-User/user_profile.json", [.. "{}"u8]),
            ("DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip", uploaded),
            .. rides > 0 ? [("DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part2.zip", Rides(rides, lastStart))] : Array.Empty<(string, byte[])>(),
        ]);
    }

    /// <summary>What <see cref="Garmin"/> holds: activity files that become activities, one copy merged, entries skipped, one unreadable file, one cut short.</summary>
    public sealed record GarminContents(int Activities, int Merged, int Skipped, int Failed, string Truncated);

    /// <summary>A Strava bulk export: gzipped and plain files under activities/, named and typed by activities.csv.</summary>
    public static byte[] Strava() => Zip(
        ("export_42/activities.csv", [.. """
            Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Filename
            1,"Oct 13, 2015, 8:43:15 AM","Commute, the long way",Ride,,900,activities/1.fit.gz
            2,"Aug 5, 2010, 2:23:59 PM",Cerknica lake hike,Hike,"round the lake, then back",7200,activities/2.gpx.gz
            3,"Jan 1, 2012, 9:00:00 AM",Track session,Run,,3600,activities/3.tcx
            """u8]),
        ("export_42/activities/1.fit.gz", Gzip(DeviceBytes("fit", "garmin-edge-820-bike.fit"))),
        ("export_42/activities/2.gpx.gz", Gzip(DeviceBytes("gpx", "cerknicko-jezero.gpx"))),
        ("export_42/activities/3.tcx", DeviceBytes("tcx", "test.tcx")),
        ("export_42/profile.csv", [.. "Athlete ID,Email\n42,a@example.com\n"u8]),
        ("export_42/media/photo.jpg", [0xFF, 0xD8, 0xFF, 0xE0]));

    /// <summary>A ZIP of <paramref name="count"/> generated rides, one every day back from <paramref name="lastStart"/>, 10 minutes each.</summary>
    public static byte[] Rides(int count, DateTimeOffset lastStart) =>
        Zip([.. Enumerable.Range(0, count).Select(i => ($"rides/ride-{i:D4}.fit", Ride(lastStart.AddDays(-i), 600)))]);

    /// <summary>A ride at 8 m/s with heart rate, as a bike computer writes it.</summary>
    public static byte[] Ride(DateTimeOffset start, int seconds)
    {
        using var output = new MemoryStream();
        var writer = new FitWriter(output);
        var from = start.ToUnixTimeMilliseconds();
        writer.WriteFileId(manufacturer: 1, product: 3121, serialNumber: 3_945_849_289, from);
        for (var i = 0; i < seconds; i++)
            writer.WriteRecord(new Sample(from + i * 1000L, Hr: 130 + i % 20, Speed: 8, Distance: i * 8.0));
        writer.WriteLap(from, from + (seconds - 1) * 1000L, (seconds - 1) * 8.0);
        writer.WriteSession(Sport.Ride, from, from + (seconds - 1) * 1000L, (seconds - 1) * 8.0);
        writer.Complete();
        return output.ToArray();
    }

    public static byte[] Zip(params (string Path, byte[] Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in entries)
            {
                using var entry = zip.CreateEntry(path).Open();
                entry.Write(content);
            }
        }

        return output.ToArray();
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(content);
        return output.ToArray();
    }

    /// <summary>A sleep-tracking FIT file with timed records: its file_id type (49) marks it as not an activity.</summary>
    private static byte[] MonitoringFit()
    {
        var activity = Ride(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 30);
        var typeOffset = 14 + 6 + 5 * 3 + 1;
        activity[typeOffset] = 49;
        var body = activity.AsSpan(0, activity.Length - 2);
        BitConverter.GetBytes(FitCrc.Compute(body)).CopyTo(activity, activity.Length - 2);
        return activity;
    }

    private static byte[] DeviceBytes(params string[] parts) => File.ReadAllBytes(RepositoryFiles.DeviceFile(parts));
}
