using FitnessDriver.Client;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>kill -9 of the host in the middle of an archive import: the job continues after the restart where it stopped.</summary>
public sealed class ArchiveImportRecoveryTests
{
    private const int Rides = 120;

    [Fact]
    public async Task An_import_killed_mid_job_continues_after_a_restart_and_imports_every_activity_once()
    {
        using var data = new TemporaryDirectory("fd-archive-crash");
        var port = ServiceProcess.FreePort();
        var environment = new Dictionary<string, string> { ["FD_DATA_DIR"] = data.Path, ["Imports__LeaseSeconds"] = "5" };
        var host = await ServiceProcess.StartAsync("fitnessdriver-host", port, environment, data.Path, TimeSpan.FromMinutes(2));
        try
        {
            using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            var athlete = await FitnessDriverClient.SignUpAsync(http, "Archive crash");
            var lastStart = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds());
            var accepted = await athlete.UploadArchiveAsync(new MemoryStream(ExportShapedArchives.Rides(Rides, lastStart)));

            var before = await Eventually.MatchesAsync(() => athlete.GetArchiveImportAsync(accepted.ImportId), s => s.Files.Done > 0,
                TimeSpan.FromMinutes(2), "the first files imported");
            await host.KillAsync();
            host = await ServiceProcess.StartAsync("fitnessdriver-host", port, environment, data.Path, TimeSpan.FromMinutes(2));

            var done = await Eventually.MatchesAsync(() => athlete.GetArchiveImportAsync(accepted.ImportId), s => s.Status == "finished",
                TimeSpan.FromMinutes(4), "the import finished after the restart");
            Assert.Equal((Rides, Rides, 0, 0), (done.Files.Total, done.Files.Imported, done.Files.Merged, done.Files.Failed));
            Assert.Equal(Rides * 600L, done.Samples);

            var activities = await Eventually.MatchesAsync(() => AllActivitiesAsync(athlete), a => a.Count >= Rides, TimeSpan.FromMinutes(2), "every ride listed");
            Assert.Equal(Rides, activities.Count);
            Assert.Equal(Rides, activities.Select(a => a.StartedAt).Distinct().Count());
            var first = (await athlete.ListArchiveFilesAsync(accepted.ImportId)).Items.Single(f => f.Entry == $"rides/ride-{Rides - 1:D4}.fit");
            Assert.Equal(activities.MinBy(a => a.StartedAt)!.ActivityId, Assert.Single(first.ActivityIds));
            Assert.True(before.Status == "running" && before.Files.Done < Rides, $"killed mid-job: {before.Files.Done} of {Rides} done");
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
