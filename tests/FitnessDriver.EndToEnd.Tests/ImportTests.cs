using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices;
using FitnessDriver.Devices.Fit;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

public sealed class ImportTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform platform = fixture.Platform;

    public static TheoryData<string> RealFiles()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "fit", "gpx", "tcx" })
        {
            foreach (var file in Directory.EnumerateFiles(RepositoryFiles.DeviceFile(folder)).Where(f => !f.EndsWith(".csv", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("LICENSE", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(RepositoryFiles.DeviceFile(), file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RealFiles))]
    public async Task Every_real_file_is_imported_or_refused_with_a_reason(string file)
    {
        var athlete = await platform.NewAthleteAsync();
        using var request = Upload(File.ReadAllBytes(RepositoryFiles.DeviceFile(file)), Path.GetFileName(file));
        using var response = await athlete.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.UnprocessableEntity, $"{file}: {(int)response.StatusCode} {body}");
        if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
            Assert.Contains("\"detail\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_cut_short_imports_what_came_before_the_break_and_says_where_it_broke()
    {
        var athlete = await platform.NewAthleteAsync();
        var bytes = await File.ReadAllBytesAsync(RepositoryFiles.DeviceFile("fit", "garmin-edge-820-bike.fit"));
        var cut = bytes[..(bytes.Length * 2 / 3)];
        var complete = ActivityFileDecoder.Read(new MemoryStream(cut)).Samples.Count();

        var imported = await athlete.ImportAsync(new MemoryStream(cut), "battery-died.fit");

        Assert.Equal(complete, imported.Samples);
        Assert.Matches("^the file breaks off: .* at byte [0-9]+.*; the [0-9,]+ samples before it were kept$", Assert.Single(imported.Warnings!));
        await platform.WaitForConsumersAsync();
        Assert.Equal(complete, (await athlete.GetActivityAsync(imported.ActivityId)).SampleCount);

        var unreadable = await Assert.ThrowsAsync<ApiProblemException>(() => athlete.ImportAsync(new MemoryStream(bytes[..40]), "header-only.fit"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unreadable.Status);
        Assert.Contains("byte 40", unreadable.Problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_triathlon_file_becomes_one_activity_per_leg_linked_as_one_event()
    {
        var athlete = await platform.NewAthleteAsync();
        var start = (uint)(DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeSeconds() - 631_065_600);
        var file = Devices.Tests.Fit.FitBytes.Triathlon(start);

        var imported = await athlete.ImportAsync(new MemoryStream(file), "Ironman 70.3.fit");
        var again = await athlete.ImportAsync(new MemoryStream(file), "Ironman 70.3.fit");

        var legs = imported.Multisport!.Legs;
        Assert.Equal([("swim", 660), ("ride", 1260), ("run", 600)], legs.Select(l => (l.Sport, l.Samples)));
        Assert.Equal(legs.Select(l => l.ActivityId), again.Multisport!.Legs.Select(l => l.ActivityId));
        Assert.Equal(legs[0].ActivityId, imported.ActivityId);
        await platform.WaitForConsumersAsync();
        foreach (var leg in legs)
        {
            var summary = await athlete.GetActivityAsync(leg.ActivityId);
            Assert.Equal((leg.Sport, (long)leg.Samples, "finished"), (summary.Sport, summary.SampleCount, summary.Status));
            Assert.Equal(imported.Multisport.MultisportId, summary.Multisport!.MultisportId);
            Assert.Equal(legs.Select(l => l.ActivityId), summary.Multisport.Legs);
            Assert.Equal("imported-file", (await athlete.GetTrustAsync(leg.ActivityId)).Trust);
        }

        Assert.Equal(["Ironman 70.3 · swim", "Ironman 70.3 · ride", "Ironman 70.3 · run"],
            (await athlete.ListActivitiesAsync()).Items.OrderBy(a => a.StartedAt, StringComparer.Ordinal).Select(a => a.Name));
        // 0.6 km of swimming, 9.6 km of riding at 4 XP and 1.8 km of running at 10 XP a kilometre.
        Assert.Equal(9 * 4 + 10, (await athlete.GetProgressAsync()).Xp);
        // History from a file: every achievement says so, for the app to list it without a live celebration.
        var notifications = (await athlete.GetNotificationsAsync()).Items;
        Assert.Contains(notifications, i => i.Type == "level-up");
        Assert.All(notifications, i => Assert.True(i.Payload["imported"]?.GetValue<bool>(), $"{i.Type} {i.Payload}"));
    }

    [Fact]
    public async Task A_route_is_refused_as_a_route_and_a_file_after_whitespace_imports()
    {
        var athlete = await platform.NewAthleteAsync();
        const string route = """
            <gpx version="1.1" creator="planner" xmlns="http://www.topografix.com/GPX/1/1">
              <rte><rtept lat="43.1" lon="42.1"/><rtept lat="43.2" lon="42.2"/></rte>
            </gpx>
            """;
        var refused = await Assert.ThrowsAsync<ApiProblemException>(() => athlete.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(route)), "loop.gpx"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("route", refused.Problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var start = DateTimeOffset.UtcNow.AddDays(-3);
        var points = string.Concat(Enumerable.Range(0, 60).Select(i =>
            $"<Trackpoint><Time>{start.AddSeconds(i):yyyy-MM-ddTHH:mm:ssZ}</Time><HeartRateBpm><Value>{120 + i}</Value></HeartRateBpm></Trackpoint>"));
        var tcx = $"""
              
            <?xml version="1.0" encoding="UTF-8"?>
            <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
              <Activities><Activity Sport="Running"><Id>{start:yyyy-MM-ddTHH:mm:ssZ}</Id><Lap><Track>{points}<Trackpoint><HeartRateBpm><Value>1</Value></HeartRateBpm></Trackpoint></Track></Lap></Activity></Activities>
            </TrainingCenterDatabase>
            """;
        var imported = await athlete.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(tcx)), "connect-export.tcx");
        Assert.Equal(("tcx", 60), (imported.Format, imported.Samples));
        Assert.Equal(["1 track points without a time were skipped"], imported.Warnings);
    }

    [Fact]
    public async Task Importing_the_same_file_twice_gives_the_same_activity_and_stores_its_samples_once()
    {
        var athlete = await platform.NewAthleteAsync();
        var path = RepositoryFiles.DeviceFile("fit", "garmin-fenix-5-run.fit");
        ImportAccepted first, second;
        await using (var file = File.OpenRead(path))
            first = await athlete.ImportAsync(file, "run.fit");
        await using (var file = File.OpenRead(path))
            second = await athlete.ImportAsync(file, "run.fit");

        Assert.Equal(first.ActivityId, second.ActivityId);
        Assert.Equal("fit", first.Format);
        Assert.True(first.Samples > 0);
        await platform.WaitForConsumersAsync();
        var summary = await athlete.GetActivityAsync(first.ActivityId);
        Assert.Equal(first.Samples, summary.SampleCount);
        Assert.Equal("run", summary.Sport);
        Assert.Equal("finished", summary.Status);
        Assert.Single((await athlete.ListActivitiesAsync()).Items);
    }

    [Fact]
    public async Task Requests_that_are_not_one_file_are_refused_with_4xx()
    {
        var athlete = await platform.NewAthleteAsync();
        using var json = new HttpRequestMessage(HttpMethod.Post, "/v1/imports") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await athlete.SendAsync(json)).StatusCode);
        using var none = new HttpRequestMessage(HttpMethod.Post, "/v1/imports") { Content = new MultipartFormDataContent { { new StringContent("x"), "note" } } };
        Assert.Equal(HttpStatusCode.BadRequest, (await athlete.SendAsync(none)).StatusCode);
        using var empty = Upload([], "empty.fit");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await athlete.SendAsync(empty)).StatusCode);
        using var csv = Upload("t,hr\n1,2\n"u8.ToArray(), "data.csv");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await athlete.SendAsync(csv)).StatusCode);
    }

    [Fact]
    public async Task Mutated_files_get_an_answer_below_500()
    {
        var athlete = await platform.NewAthleteAsync();
        var seeds = new[] { ("fit", "garmin-edge-820-bike.fit"), ("gpx", "gpx1.1_with_all_fields.gpx"), ("tcx", "test.tcx") }
            .Select(s => (Name: s.Item2, Bytes: File.ReadAllBytes(RepositoryFiles.DeviceFile(s.Item1, s.Item2)))).ToList();
        var random = new Random(20261124);
        var statuses = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; i < 600; i++)
        {
            var (name, seed) = seeds[i % seeds.Count];
            var mutated = Mutate(seed, random);
            using var request = Upload(mutated, name);
            using var response = await athlete.SendAsync(request);
            Assert.True((int)response.StatusCode < 500, $"mutation {i} of {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
        }

        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.UnprocessableEntity) > 100, string.Join(", ", statuses));
    }

    [Fact]
    public async Task A_ride_imported_then_streamed_live_from_other_devices_is_one_activity_with_fused_streams_and_xp_once()
    {
        var athlete = await platform.NewAthleteAsync();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeSeconds());
        const int Seconds = 1800;
        var ride = RunGenerator.Samples(start, Seconds, speed: 8).Select(s => s with { Hr = 130, Speed = 8f }).ToList();
        var imported = await athlete.ImportAsync(new MemoryStream(RideFile(ride, start)), "ride.fit");
        Assert.False(imported.Merged);
        Assert.Equal(Seconds, imported.Samples);

        var live = Guid.NewGuid();
        var (_, state) = await athlete.PutActivityWithStateAsync(live, Sport.Ride, start.AddMinutes(1));
        Assert.Equal(imported.ActivityId, state.MergedInto);
        var strap = ride.Skip(60).Select(s => new Sample(s.T, Hr: 150)).ToList();
        var phone = ride.Select(s => new Sample(s.T, Speed: 8.3f, Distance: s.Distance * 1.04, Lat: s.Lat, Lon: s.Lon)).ToList();
        foreach (var chunk in strap.Chunk(600))
            await athlete.PostSamplesAsync(live, "hrm-strap-7", chunk, DeviceKinds.ChestStrap);
        foreach (var chunk in phone.Chunk(600))
            await athlete.PostSamplesAsync(live, "phone-1", chunk, DeviceKinds.Phone);
        await athlete.FinishAsync(live, start.AddSeconds(Seconds));
        await platform.WaitForConsumersAsync();

        var summary = await athlete.GetActivityAsync(live);
        Assert.Equal(imported.ActivityId, summary.ActivityId);
        Assert.Equal(3, summary.Devices.Count);
        Assert.Contains("hrm-strap-7", summary.Devices);
        Assert.InRange(summary.DistanceM, 14_390, 14_400);
        Assert.Equal(Seconds * 3 - 60, summary.SampleCount);

        var streams = await athlete.GetStreamsAsync(live, "1s", "hr,speed");
        var hr = streams.Hr!;
        Assert.All(hr.Take(60), v => Assert.Equal(130, v));
        Assert.All(hr.Skip(60), v => Assert.Equal(150, v));
        Assert.All(streams.Speed!, v => Assert.Equal(8, v!.Value, 3));

        var progress = await athlete.GetProgressAsync();
        Assert.Equal(14 * 4, progress.Xp);
        Assert.Equal(14 * 4, summary.XpEarned);
        Assert.Equal([imported.ActivityId], (await athlete.ListActivitiesAsync()).Items.Select(a => a.ActivityId));
    }

    [Fact]
    public async Task A_gateway_sends_raw_bluetooth_notifications_and_the_server_decodes_them()
    {
        var athlete = await platform.NewAthleteAsync();
        var activity = Guid.NewGuid();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-20).ToUnixTimeSeconds());
        await athlete.PutActivityAsync(activity, Sport.Ride, start);
        var notifications = new List<GattNotification>();
        for (var i = 0; i < 10; i++)
        {
            var t = start.AddSeconds(i).ToUnixTimeMilliseconds();
            // Heart Rate Measurement: flags 0 (8-bit value), 142 bpm.
            notifications.Add(new GattNotification(t, "2A37", Convert.ToBase64String([0x00, 142])));
            // CSC Measurement: wheel data, 3 more revolutions (2.105 m each) every 1024/1024 s.
            var revolutions = BitConverter.GetBytes((uint)(100 + 3 * i));
            var eventTime = BitConverter.GetBytes((ushort)(1024 * i));
            notifications.Add(new GattNotification(t, "0x2A5B", Convert.ToBase64String([0x01, .. revolutions, .. eventTime])));
        }

        var accepted = await athlete.PostGattAsync(activity, new GattBatchRequest("trainer-gateway", DeviceKinds.WheelSensor, 2105, notifications));
        Assert.Equal(10, accepted.Accepted);
        await platform.WaitForConsumersAsync();
        var streams = await athlete.GetStreamsAsync(activity, "1s", "hr,speed");
        Assert.All(streams.Hr!, v => Assert.Equal(142, v));
        Assert.Null(streams.Speed![0]);
        Assert.All(streams.Speed.Skip(1), v => Assert.Equal(6.315, v!.Value, 3));

        var bad = await Assert.ThrowsAsync<ApiProblemException>(() => athlete.PostGattAsync(activity,
            new GattBatchRequest("trainer-gateway", null, null, [new GattNotification(start.ToUnixTimeMilliseconds(), "2A37", "AA==")])));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.Status);
        Assert.NotNull(bad.Problem!["errors"]!["notifications[0]"]);
    }

    private static byte[] RideFile(IReadOnlyList<Sample> samples, DateTimeOffset start)
    {
        using var output = new MemoryStream();
        var writer = new FitWriter(output);
        writer.WriteFileId(manufacturer: 1, product: 3121, serialNumber: 3_945_849_289, start.ToUnixTimeMilliseconds());
        foreach (var sample in samples)
            writer.WriteRecord(sample);
        var end = samples[^1].T;
        writer.WriteLap(start.ToUnixTimeMilliseconds(), end, samples[^1].Distance);
        writer.WriteSession(Sport.Ride, start.ToUnixTimeMilliseconds(), end, samples[^1].Distance);
        writer.Complete();
        return output.ToArray();
    }

    private static HttpRequestMessage Upload(byte[] content, string fileName)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new HttpRequestMessage(HttpMethod.Post, "/v1/imports") { Content = new MultipartFormDataContent { { file, "file", fileName } } };
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = seed.ToList();
        for (var edits = random.Next(1, 8); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes.RemoveAt(at); break;
                case 2: bytes.Insert(at, (byte)random.Next(256)); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }

        return [.. bytes];
    }
}
