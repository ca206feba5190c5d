using System.Net;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>A lifetime of training in one upload: Garmin and Strava exports, imported as a resumable job that can be undone.</summary>
public sealed class ArchiveImportTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(3);
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task A_Garmin_export_imports_every_activity_once_skips_the_rest_with_reasons_and_undo_removes_exactly_that_batch()
    {
        var athlete = await platform.NewAthleteAsync("Garmin");
        var kept = Guid.NewGuid();
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await athlete.PutActivityAsync(kept, Sport.Run, now.AddHours(-1));
        await athlete.PostSamplesAsync(kept, "phone", RunGenerator.Samples(now.AddHours(-1), 300));
        await using var feed = await athlete.OpenNotificationFeedAsync();

        var accepted = await athlete.UploadArchiveAsync(new MemoryStream(ExportShapedArchives.Garmin(out var contents)));
        Assert.True(accepted.Status is "queued" or "running", accepted.Status);
        var done = await FinishedAsync(athlete, accepted.ImportId);

        Assert.Equal(("finished", contents.Activities, contents.Merged, contents.Failed, contents.Skipped),
            (done.Status, done.Files.Imported, done.Files.Merged, done.Files.Failed, done.Files.Skipped));
        Assert.Equal(done.Files.Total, done.Files.Done);
        var files = (await athlete.ListArchiveFilesAsync(accepted.ImportId)).Items;
        Assert.Contains(files, f => f.Status == "skipped" && f.Entry.EndsWith("WELLNESS.fit", StringComparison.Ordinal) && f.Reason!.Contains("monitoring", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Status == "skipped" && f.Entry.EndsWith("SETTINGS.fit", StringComparison.Ordinal) && f.Reason!.Contains("settings", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Status == "skipped" && f.Entry.EndsWith("user_1009.fit", StringComparison.Ordinal) && f.Reason!.Contains("sleep", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Status == "skipped" && f.Entry.EndsWith("user_summary.json", StringComparison.Ordinal) && f.Reason == "not an activity file (.json)");
        Assert.Contains(files, f => f.Status == "failed" && f.Entry.EndsWith("user_1008.fit", StringComparison.Ordinal) && f.Reason is { Length: > 0 });
        var truncated = Assert.Single(files, f => f.Entry == contents.Truncated);
        Assert.Equal("imported", truncated.Status);
        Assert.Contains("breaks off", truncated.Reason, StringComparison.Ordinal);
        var copy = Assert.Single(files, f => f.Status == "merged");
        Assert.Equal(files.Single(f => f.Entry.EndsWith("user_1001.fit", StringComparison.Ordinal)).ActivityIds, copy.ActivityIds);

        var imported = files.Where(f => f.Status == "imported").SelectMany(f => f.ActivityIds).ToHashSet();
        await platform.WaitForConsumersAsync();
        var listed = (await athlete.ListActivitiesAsync()).Items.Select(a => a.ActivityId).ToList();
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(imported.Append(kept).Order(), listed.Order());

        var (ended, pushed) = await NoticeAsync(feed, accepted.ImportId);
        Assert.Equal("finished", ended.Payload["status"]!.GetValue<string>());
        Assert.DoesNotContain(pushed, i => i.Payload["imported"] is not null);
        var inbox = (await athlete.GetNotificationsAsync()).Items;
        Assert.Single(inbox, i => i.Type == AchievementTypes.ImportFinished);
        Assert.All(inbox.Where(i => i.Type is AchievementTypes.Xp or AchievementTypes.Badge && i.Payload["activityId"]?.GetValue<string>() is { } a
            && imported.Contains(Guid.Parse(a))), i => Assert.True(i.Payload["imported"]?.GetValue<bool>()));

        var undoing = await athlete.UndoArchiveImportAsync(accepted.ImportId);
        Assert.Equal("undoing", undoing.Status);
        await Eventually.MatchesAsync(() => athlete.GetArchiveImportAsync(accepted.ImportId), s => s.Status == "undone", JobTimeout, "import undone");
        await platform.WaitForConsumersAsync();
        Assert.Equal([kept], (await athlete.ListActivitiesAsync()).Items.Select(a => a.ActivityId));
        Assert.Equal(HttpStatusCode.Conflict, (await Assert.ThrowsAsync<ApiProblemException>(() => athlete.UndoArchiveImportAsync(accepted.ImportId))).Status);

        var again = await FinishedAsync(athlete, (await athlete.UploadArchiveAsync(new MemoryStream(ExportShapedArchives.Garmin(out _)))).ImportId);
        Assert.Equal(contents.Activities, again.Files.Imported);
        var other = await platform.NewAthleteAsync("Other");
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => other.GetArchiveImportAsync(accepted.ImportId))).Status);
    }

    [Fact]
    public async Task A_Strava_export_takes_names_and_sports_from_activities_csv_and_reads_gzipped_files()
    {
        var athlete = await platform.NewAthleteAsync("Strava");
        var done = await FinishedAsync(athlete, (await athlete.UploadArchiveAsync(new MemoryStream(ExportShapedArchives.Strava()), Visibility.OnlyMe)).ImportId);

        Assert.Empty((await athlete.ListArchiveFilesAsync(done.ImportId, "failed")).Items.Select(f => $"{f.Entry}: {f.Reason}"));
        Assert.Equal((3, 0, 0), (done.Files.Imported, done.Files.Failed, done.Files.Merged));
        Assert.Equal(3, done.Files.Skipped);
        await platform.WaitForConsumersAsync();
        var activities = (await athlete.ListActivitiesAsync()).Items;
        Assert.Equal(
            [("Cerknica lake hike", "hike"), ("Commute, the long way", "ride"), ("Track session", "run")],
            activities.Select(a => (a.Name, a.Sport)).Order());
        Assert.All(activities, a => Assert.Equal("only-me", a.Visibility));
    }

    [Theory]
    [InlineData("application/json", "{}", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/zip", "", HttpStatusCode.UnprocessableEntity)]
    [InlineData("application/zip", "PK this is not a zip", HttpStatusCode.UnprocessableEntity)]
    public async Task An_upload_that_is_not_a_ZIP_is_refused_with_the_reason(string contentType, string body, HttpStatusCode expected)
    {
        var athlete = await platform.NewAthleteAsync("Bad upload");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/imports/archives") { Content = new StringContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await athlete.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        Assert.Contains("detail", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var list = new HttpRequestMessage(HttpMethod.Get, "/v1/imports/archives");
        using var jobs = await athlete.SendAsync(list);
        Assert.DoesNotContain("importId", await jobs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    internal static Task<ArchiveImportStatus> FinishedAsync(FitnessDriverClient athlete, Guid importId) =>
        Eventually.MatchesAsync(() => athlete.GetArchiveImportAsync(importId), s => s.Status is "finished" or "failed", JobTimeout, "import finished");

    /// <summary>The job's end as pushed live, and everything pushed before it.</summary>
    private static async Task<(NotificationItem Ended, List<NotificationItem> Before)> NoticeAsync(NotificationFeed feed, Guid importId)
    {
        using var timeout = new CancellationTokenSource(JobTimeout);
        var before = new List<NotificationItem>();
        await foreach (var item in feed.ReadAllAsync(timeout.Token))
        {
            if (item.Type == AchievementTypes.ImportFinished && item.Payload["importId"]!.GetValue<string>() == importId.ToString())
                return (item, before);
            before.Add(item);
        }

        throw new InvalidOperationException("The feed ended.");
    }
}
