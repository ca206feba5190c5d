using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices.Fit;
using FitnessDriver.Devices.Gpx;
using FitnessDriver.Profiles.Identity;
using FitnessDriver.Profiles.Privacy;

namespace FitnessDriver.Profiles.Export;

/// <summary>
/// Builds an athlete's export archive (a ZIP): <c>profile.json</c>, <c>privacy.json</c>, <c>progress.json</c>, <c>achievements.json</c>,
/// <c>challenges.json</c>, <c>game-settings.json</c>, <c>streaks.json</c>, <c>zones.json</c>, <c>segments.json</c> (the segments made and every effort), <c>social.json</c>, and per activity <c>activities/&lt;start&gt;_&lt;id&gt;.json</c> (summary and 1 s streams, as
/// the API answers them), <c>.gpx</c> and <c>.fit</c>. What other services hold is read through the public API as the
/// athlete, with a session of its own that ends with the export. One activity at a time is in memory, whatever the
/// length of the history.
/// </summary>
public sealed class ExportArchive(ProfileRegions regions, AthleteKeyStore keys, PrivacySettingsStore privacy, Sessions sessions, ExportJobs jobs, PlatformApi api)
{
    private const int PageSize = 200;
    private static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(5);

    /// <summary>Builds and stores the archive of <paramref name="job"/>; returns its size in bytes.</summary>
    public async Task<long> BuildAsync(ExportJobs.Claimed job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var session = new ExportSession(sessions, await sessions.StartAsync(job.AthleteId, cancellationToken));
        try
        {
            var chunks = ExportJobs.Chunks(job.Database);
            await chunks.DeleteAsync(job.ExportId, cancellationToken);
            await using var output = chunks.OpenWriter(job.ExportId);
            await using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            {
                var profile = await MeApi.ReadAsync(job.AthleteId, regions, keys, cancellationToken) ?? throw new InvalidOperationException("The athlete is gone.");
                await WriteJsonAsync(zip, "profile.json", profile, cancellationToken);
                await WriteJsonAsync(zip, "privacy.json", await privacy.FindAsync(job.AthleteId, cancellationToken), cancellationToken);
                var client = await session.ClientAsync(api, cancellationToken);
                await WriteJsonAsync(zip, "progress.json", await client.GetProgressAsync(cancellationToken), cancellationToken);
                await WriteJsonAsync(zip, "challenges.json", await client.ListChallengesAsync(cancellationToken), cancellationToken);
                await WriteJsonAsync(zip, "game-settings.json", await client.GetGameSettingsAsync(cancellationToken), cancellationToken);
                await WriteJsonAsync(zip, "streaks.json", await client.GetStreaksAsync(cancellationToken), cancellationToken);
                await WriteJsonAsync(zip, "zones.json", await client.GetZonesAsync(cancellationToken), cancellationToken);
                await WriteJsonAsync(zip, "segments.json", new SegmentsExport((await client.ListSegmentsAsync(cancellationToken)).Items,
                    await ListSegmentEffortsAsync(client, cancellationToken)), cancellationToken);
                await WriteAchievementsAsync(zip, client, cancellationToken);
                await WriteJsonAsync(zip, "social.json", await SocialExport.ReadAsync(client, job.AthleteId, PageSize, cancellationToken), cancellationToken);

                var activities = await ListActivitiesAsync(client, cancellationToken);
                await jobs.ProgressAsync(job, 0, activities.Count, cancellationToken);
                for (var i = 0; i < activities.Count; i++)
                {
                    await WriteActivityAsync(zip, await session.ClientAsync(api, cancellationToken), activities[i], cancellationToken);
                    if ((i + 1) % 10 == 0 || i + 1 == activities.Count)
                        await jobs.ProgressAsync(job, i + 1, activities.Count, cancellationToken);
                }
            }

            await output.CompleteAsync(cancellationToken);
            return output.Written;
        }
        finally
        {
            await sessions.RevokeAsync(job.AthleteId, session.SessionId, "export-finished", CancellationToken.None);
        }
    }

    private static async Task<List<SegmentEffortView>> ListSegmentEffortsAsync(FitnessDriverClient client, CancellationToken cancellationToken)
    {
        var all = new List<SegmentEffortView>();
        string? cursor = null;
        do
        {
            var page = await client.GetSegmentEffortsAsync(after: cursor, limit: PageSize, cancellationToken: cancellationToken);
            all.AddRange(page.Items);
            cursor = page.Cursor;
        }
        while (cursor is not null);
        return all;
    }

    private static async Task<List<ActivityListItem>> ListActivitiesAsync(FitnessDriverClient client, CancellationToken cancellationToken)
    {
        var all = new List<ActivityListItem>();
        var seen = new HashSet<Guid>();
        string? before = null;
        while (true)
        {
            var page = (await client.ListActivitiesAsync(PageSize, before, cancellationToken)).Items;
            var added = page.Where(a => seen.Add(a.ActivityId)).ToList();
            all.AddRange(added);
            if (page.Count < PageSize || added.Count == 0)
                return all;
            // The next page starts just after the last start seen, so activities that started at the same instant as
            // the last one are not skipped; the ones already listed are dropped above.
            var last = DateTimeOffset.Parse(page[^1].StartedAt, CultureInfo.InvariantCulture);
            before = IsoTime.From(last.AddMilliseconds(1).UtcDateTime);
        }
    }

    private static async Task WriteAchievementsAsync(ZipArchive zip, FitnessDriverClient client, CancellationToken cancellationToken)
    {
        await using var entry = await zip.CreateEntry("achievements.json").OpenAsync(cancellationToken);
        await using var json = new Utf8JsonWriter(entry, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        string? cursor = null;
        while (true)
        {
            var page = await client.GetNotificationsAsync(cursor, cancellationToken);
            if (page.Items.Count == 0)
                break;
            foreach (var item in page.Items)
                JsonSerializer.Serialize(json, item, ContractJson.Options);
            await json.FlushAsync(cancellationToken);
            cursor = page.Cursor;
        }

        json.WriteEndArray();
    }

    private static async Task WriteActivityAsync(ZipArchive zip, FitnessDriverClient client, ActivityListItem item, CancellationToken cancellationToken)
    {
        var summary = await client.GetActivityAsync(item.ActivityId, cancellationToken);
        var streams = await client.GetStreamsAsync(item.ActivityId, "1s", cancellationToken: cancellationToken);
        var name = $"activities/{DateTimeOffset.Parse(summary.StartedAt, CultureInfo.InvariantCulture):yyyy-MM-dd'T'HHmmss}_{summary.ActivityId}";
        await WriteJsonAsync(zip, name + ".json", new ExportedActivity(summary, streams), cancellationToken);
        var samples = Samples(streams).ToList();

        await using (var gpx = await zip.CreateEntry(name + ".gpx").OpenAsync(cancellationToken))
        using (var writer = new GpxWriter(gpx, summary.Name, "Fitness Driver"))
        {
            foreach (var sample in samples)
                writer.Write(sample);
        }

        // FIT goes back to fill in its header, so it is written in memory first: one activity, not the history.
        using var fit = new MemoryStream();
        var start = DateTimeOffset.Parse(summary.StartedAt, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        var end = samples.Count > 0 ? Math.Max(start, samples[^1].T) : start + summary.ElapsedS * 1000;
        var fitWriter = new FitWriter(fit);
        fitWriter.WriteFileId(FitDevelopmentManufacturer, 0, 0, start);
        foreach (var sample in samples)
            fitWriter.WriteRecord(sample);
        var distance = summary.DistanceM > 0 ? summary.DistanceM : (double?)null;
        fitWriter.WriteLap(start, end, distance);
        fitWriter.WriteSession(SportNames.TryParse(summary.Sport, out var sport) ? sport : Sport.Other, start, end, distance);
        fitWriter.Complete();
        await using var entry = await zip.CreateEntry(name + ".fit").OpenAsync(cancellationToken);
        fit.Position = 0;
        await fit.CopyToAsync(entry, cancellationToken);
    }

    /// <summary>FIT's manufacturer id for files written by software under development (255, "development").</summary>
    private const ushort FitDevelopmentManufacturer = 255;

    private static IEnumerable<Sample> Samples(ActivityStreams streams)
    {
        static double? At(IReadOnlyList<double?>? channel, int i) => channel is null ? null : channel[i];
        static int? Whole(double? value) => value is { } v ? (int)Math.Round(v) : null;
        for (var i = 0; i < streams.T.Count; i++)
        {
            yield return new Sample(streams.T[i], Whole(At(streams.Hr, i)), Whole(At(streams.Power, i)), Whole(At(streams.Cadence, i)),
                (float?)At(streams.Speed, i), At(streams.Distance, i), At(streams.Lat, i), At(streams.Lon, i), (float?)At(streams.Alt, i));
        }
    }

    private static async Task WriteJsonAsync<T>(ZipArchive zip, string name, T value, CancellationToken cancellationToken)
    {
        await using var entry = await zip.CreateEntry(name).OpenAsync(cancellationToken);
        await JsonSerializer.SerializeAsync(entry, value, ContractJson.Options, cancellationToken);
    }

    /// <summary>One activity in the archive: what <c>GET /v1/activities/{id}</c> and its 1 s streams answer.</summary>
    private sealed record ExportedActivity(ActivitySummary Summary, ActivityStreams Streams);

    /// <summary>The export's own session, refreshed as it goes so a long export outlives an access token.</summary>
    private sealed class ExportSession(Sessions sessions, IssuedTokens tokens)
    {
        private IssuedTokens current = tokens;
        private DateTime issuedAt = DateTime.UtcNow;

        public Guid SessionId => current.SessionId;

        public async Task<FitnessDriverClient> ClientAsync(PlatformApi api, CancellationToken cancellationToken)
        {
            if (DateTime.UtcNow - issuedAt > RefreshAfter)
            {
                current = await sessions.RefreshAsync(current.RefreshToken, cancellationToken) ?? throw new InvalidOperationException("The export's session was revoked.");
                issuedAt = DateTime.UtcNow;
            }

            return new FitnessDriverClient(api.Http, current.AthleteId, current.AccessToken);
        }
    }
}

/// <summary><c>segments.json</c> of an export.</summary>
internal sealed record SegmentsExport(IReadOnlyList<SegmentView> Segments, IReadOnlyList<SegmentEffortView> Efforts);
