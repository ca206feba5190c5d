using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>kill -9 of the host in the middle of an archive import: the job continues after the restart where it stopped.</summary>
public sealed class ArchiveImportRecoveryTests
{
    private const int Rides = 120;

    [Fact]
    public async Task An_import_killed_mid_job_continues_after_a_restart_imports_every_activity_once_and_undo_removes_exactly_that_batch()
    {
        using var data = new TemporaryDirectory("fd-archive-crash");
        var port = ServiceProcess.FreePort();
        var environment = new Dictionary<string, string> { ["FD_DATA_DIR"] = data.Path, ["Imports__LeaseSeconds"] = "5" };
        var host = await ServiceProcess.StartAsync("fitnessdriver-host", port, environment, data.Path, TimeSpan.FromMinutes(2));
        try
        {
            using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            var athlete = await FitnessDriverClient.SignUpAsync(http, "Archive crash");
            var kept = Guid.NewGuid();
            var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            await athlete.PutActivityAsync(kept, Sport.Run, now.AddMinutes(-30));
            await athlete.PostSamplesAsync(kept, "phone", RunGenerator.Samples(now.AddMinutes(-30), 300));
            var accepted = await athlete.UploadArchiveAsync(new MemoryStream(ExportShapedArchives.Garmin(out var contents, Rides)));

            var before = await Eventually.MatchesAsync(() => athlete.GetArchiveImportAsync(accepted.ImportId), s => s.Files.Done > 0,
                TimeSpan.FromMinutes(2), "the first files imported");
            await host.KillAsync();
            host = await ServiceProcess.StartAsync("fitnessdriver-host", port, environment, data.Path, TimeSpan.FromMinutes(2));

            var done = await Eventually.MatchesAsync(() => athlete.GetArchiveImportAsync(accepted.ImportId), s => s.Status == "finished",
                TimeSpan.FromMinutes(4), "the import finished after the restart");
            Assert.True(before.Status == "running" && before.Files.Done < done.Files.Done, $"killed mid-job: {before.Files.Done} of {done.Files.Total} done");
            Assert.Equal((contents.Activities, contents.Merged, contents.Failed, contents.Skipped),
                (done.Files.Imported, done.Files.Merged, done.Files.Failed, done.Files.Skipped));
            var files = (await athlete.ListArchiveFilesAsync(done.ImportId)).Items;
            Assert.All(files.Where(f => f.Status == "skipped"), f => Assert.False(string.IsNullOrEmpty(f.Reason), f.Entry));
            Assert.Contains("breaks off", files.Single(f => f.Entry == contents.Truncated).Reason, StringComparison.Ordinal);
            Assert.Equal(Rides * 600, files.Where(f => f.Entry.Contains("Part2.zip!/", StringComparison.Ordinal)).Sum(f => f.Samples));

            var imported = files.Where(f => f.Status == "imported").SelectMany(f => f.ActivityIds).ToHashSet();
            var activities = await Eventually.MatchesAsync(() => AllActivitiesAsync(athlete), a => a.Count >= imported.Count + 1, TimeSpan.FromMinutes(2), "every activity listed");
            Assert.Equal(imported.Append(kept).Order(), activities.Select(a => a.ActivityId).Order());

            await athlete.UndoArchiveImportAsync(done.ImportId);
            await Eventually.MatchesAsync(() => athlete.GetArchiveImportAsync(done.ImportId), s => s.Status == "undone", TimeSpan.FromMinutes(2), "import undone");
            await Eventually.MatchesAsync(() => AllActivitiesAsync(athlete), a => a.Count == 1, TimeSpan.FromMinutes(2), "only the activity recorded live left");
            Assert.Equal([kept], (await AllActivitiesAsync(athlete)).Select(a => a.ActivityId));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task<List<Contracts.Api.ActivityListItem>> AllActivitiesAsync(FitnessDriverClient athlete)
    {
        var all = new List<Contracts.Api.ActivityListItem>();
        string? before = null;
        while (true)
        {
            var page = (await athlete.ListActivitiesAsync(100, before)).Items;
            all.AddRange(page);
            if (page.Count < 100)
                return all;
            before = page[^1].StartedAt;
        }
    }
}
