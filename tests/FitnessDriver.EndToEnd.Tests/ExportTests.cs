using System.IO.Compression;
using System.Net;
using System.Text.Json;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Devices.Tests.Fit;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>
/// An athlete exports everything: the ZIP holds the profile, progress, achievements and challenges as the API answers
/// them, and per activity its JSON, a GPX and a FIT file that Garmin's SDK decodes to the stored samples.
/// </summary>
public sealed class ExportTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private const long FitEpochOffsetSeconds = 631_065_600;
    private const double DegreesPerSemicircle = 180.0 / 2_147_483_648.0;
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task The_archive_matches_the_api_and_its_fit_files_decode_with_garmins_sdk()
    {
        var athlete = await platform.NewAthleteAsync("Export Эксперт");
        var now = DateTimeOffset.UtcNow;
        var challenge = await athlete.CreateChallengeAsync(new CreateChallengeRequest("Export month", "run", new ChallengeGoal(50_000),
            IsoTime.From(now.AddHours(-2).UtcDateTime), IsoTime.From(now.AddDays(3).UtcDateTime)));
        await athlete.JoinChallengeAsync(challenge);

        ImportAccepted ride;
        await using (var file = File.OpenRead(RepositoryFiles.DeviceFile("fit", "garmin-edge-820-bike.fit")))
            ride = await athlete.ImportAsync(file, "ride.fit");
        var live = Guid.NewGuid();
        var start = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() - 1200);
        await athlete.PutActivityAsync(live, Sport.Run, start, "Вечерний забег");
        foreach (var batch in RunGenerator.Samples(start, 900).Chunk(300))
            await athlete.PostSamplesAsync(live, "phone", batch);
        await athlete.FinishAsync(live, start.AddSeconds(900));
        await athlete.SetPrivacyAsync(new PrivacySettingsRequest([new PrivacyZoneRequest(55.75, 37.62, 400)], 200));
        await platform.WaitForConsumersAsync();
        var positions = await athlete.GetStreamsAsync(live, "1s", "lat,lon");
        var segment = await athlete.CreateSegmentAsync(new CreateSegmentRequest("Export stretch", live, positions.T[100], positions.T[800]));

        var started = await athlete.StartExportAsync();
        Assert.True(started.Status is "queued" or "running" or "done", started.Status);
        var early = await Record.ExceptionAsync(() => athlete.DownloadExportAsync(started with { Archive = $"/v1/me/export/{started.ExportId}/archive" }, Stream.Null));
        Assert.True(early is null or ApiProblemException { Status: HttpStatusCode.Conflict }, early?.ToString());
        var seen = new List<ExportStatus>();
        var done = await Eventually.MatchesAsync(async () =>
        {
            var status = await athlete.GetExportAsync(started.ExportId);
            seen.Add(status);
            return status;
        }, s => s.Status is "done" or "failed", TimeSpan.FromMinutes(2), "the export finished");
        Assert.True(done.Status == "done", done.Failure);
        Assert.Equal(2, done.ActivitiesTotal);
        Assert.Equal(2, done.ActivitiesDone);
        Assert.All(seen, s => Assert.True(s.ActivitiesDone <= (s.ActivitiesTotal ?? 0)));

        using var zipBytes = new MemoryStream();
        await athlete.DownloadExportAsync(done, zipBytes);
        Assert.Equal(done.ArchiveBytes, zipBytes.Length);
        zipBytes.Position = 0;
        using var zip = new ZipArchive(zipBytes, ZipArchiveMode.Read);

        Assert.Equal(await athlete.GetMeAsync(), Read<MyProfile>(zip, "profile.json"));
        Assert.Equal(JsonSerializer.Serialize(await athlete.GetPrivacyAsync(), ContractJson.Options),
            JsonSerializer.Serialize(Read<PrivacySettings>(zip, "privacy.json"), ContractJson.Options));
        Assert.Equal(JsonSerializer.Serialize(await athlete.GetProgressAsync(), ContractJson.Options),
            JsonSerializer.Serialize(Read<ProgressResponse>(zip, "progress.json"), ContractJson.Options));
        Assert.Contains(Read<ChallengeList>(zip, "challenges.json").Items, c => c.ChallengeId == challenge);
        Assert.Equal(await athlete.GetGameSettingsAsync(), Read<GameSettingsView>(zip, "game-settings.json"));
        Assert.Equal((await athlete.GetStreaksAsync()).Daily, Read<StreaksView>(zip, "streaks.json").Daily);
        var segments = Read<JsonElement>(zip, "segments.json");
        Assert.Equal(segment.SegmentId, Assert.Single(segments.GetProperty("segments").EnumerateArray()).GetProperty("segmentId").GetGuid());
        Assert.Equal(JsonValueKind.Array, segments.GetProperty("efforts").ValueKind);
        var achievements = Read<List<JsonElement>>(zip, "achievements.json");
        Assert.Equal(await CountNotificationsAsync(athlete), achievements.Count);

        using var fitFolder = new TemporaryDirectory("fd-export-fit");
        var fitFiles = new Dictionary<string, ActivityStreams>();
        foreach (var activityId in new[] { ride.ActivityId, live })
        {
            var entry = Assert.Single(zip.Entries, e => e.FullName.StartsWith("activities/", StringComparison.Ordinal)
                && e.FullName.EndsWith($"_{activityId}.json", StringComparison.Ordinal));
            var stem = entry.FullName[..^".json".Length];
            var exported = Read<JsonElement>(zip, entry.FullName);
            var summary = await athlete.GetActivityAsync(activityId);
            var streams = await athlete.GetStreamsAsync(activityId, "1s");
            Assert.Equal(JsonSerializer.Serialize(summary, ContractJson.Options), exported.GetProperty("summary").GetRawText());
            Assert.Equal(JsonSerializer.Serialize(streams, ContractJson.Options), exported.GetProperty("streams").GetRawText());

            var gpx = new StreamReader(zip.GetEntry(stem + ".gpx")!.Open()).ReadToEnd();
            Assert.Equal(streams.T.Count, CountOf(gpx, "<trkpt "));

            var fitPath = Path.Combine(fitFolder.Path, $"{activityId}.fit");
            zip.GetEntry(stem + ".fit")!.ExtractToFile(fitPath);
            fitFiles[fitPath] = streams;
        }

        foreach (var decoded in GarminFitSdk.Decode(fitFiles.Keys))
        {
            var streams = fitFiles[Path.Combine(fitFolder.Path, decoded.File)];
            Assert.Empty(decoded.Errors);
            Assert.Equal(streams.T.Count, decoded.Records.Count);
            for (var i = 0; i < streams.T.Count; i++)
                AssertSameSample(streams, i, decoded.Records[i]);
        }
    }

    [Fact]
    public async Task Exports_are_the_athletes_own()
    {
        var athlete = await platform.NewAthleteAsync();
        var other = await platform.NewAthleteAsync();
        var export = await athlete.StartExportAsync();
        var again = await athlete.StartExportAsync();
        // Asking again while one is on its way answers with that one.
        Assert.True(again.ExportId == export.ExportId || (await athlete.GetExportAsync(export.ExportId)).Status is "done" or "failed");
        var refused = await Assert.ThrowsAsync<ApiProblemException>(() => other.GetExportAsync(export.ExportId));
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        var download = await Assert.ThrowsAsync<ApiProblemException>(() =>
            other.DownloadExportAsync(export with { Archive = $"/v1/me/export/{export.ExportId}/archive" }, Stream.Null));
        Assert.Equal(HttpStatusCode.NotFound, download.Status);
        using var anonymous = new HttpRequestMessage(HttpMethod.Post, "/v1/me/export");
        using var response = await platform.Http.SendAsync(anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static void AssertSameSample(ActivityStreams streams, int i, SdkRecord record)
    {
        var context = $"sample {i} at {streams.T[i]}";
        Assert.True(streams.T[i] / 1000 == record.Timestamp + FitEpochOffsetSeconds, context);
        AssertClose(streams.Hr?[i], record.HeartRate, 0.5, context + " hr");
        AssertClose(streams.Power?[i], record.Power, 0.5, context + " power");
        AssertClose(streams.Cadence?[i], record.Cadence, 0.5, context + " cadence");
        AssertClose(streams.Speed?[i], record.Speed, 0.001, context + " speed");
        AssertClose(streams.Distance?[i], record.Distance, 0.01, context + " distance");
        AssertClose(streams.Alt?[i], record.Altitude, 0.2, context + " altitude");
        AssertClose(streams.Lat?[i], record.PositionLat * DegreesPerSemicircle, 1e-6, context + " latitude");
        AssertClose(streams.Lon?[i], record.PositionLong * DegreesPerSemicircle, 1e-6, context + " longitude");
    }

    private static void AssertClose(double? stored, double? decoded, double tolerance, string context)
    {
        Assert.True(stored.HasValue == decoded.HasValue, $"{context}: stored {stored}, FIT {decoded}");
        if (stored is { } s && decoded is { } d)
            Assert.True(Math.Abs(s - d) <= tolerance, $"{context}: stored {s}, FIT {d}");
    }

    private static async Task<int> CountNotificationsAsync(FitnessDriverClient athlete)
    {
        var count = 0;
        string? cursor = null;
        while ((await athlete.GetNotificationsAsync(cursor)) is { Items.Count: > 0 } page)
        {
            count += page.Items.Count;
            cursor = page.Cursor;
        }

        return count;
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    private static T Read<T>(ZipArchive zip, string name)
    {
        using var stream = (zip.GetEntry(name) ?? throw new InvalidOperationException($"{name} is not in the archive")).Open();
        return JsonSerializer.Deserialize<T>(stream, ContractJson.Options)!;
    }
}
