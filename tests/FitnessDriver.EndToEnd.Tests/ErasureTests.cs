using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices;
using FitnessDriver.Postgres.Local;
using FitnessDriver.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>
/// An athlete with a distinctive name imports a FIT ride and records live, then erases themself: afterwards no byte
/// of PostgreSQL's files or of the event log's segments holds the name or the coordinates in readable form, others
/// see nothing of them, and the receipt lists what went, also when the host is killed in the middle of the erasure.
/// </summary>
public sealed class ErasureTests
{
    private const string Password = "correct horse battery";
    private const string MainDatabase = "fitnessdriver";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Erasure_leaves_nothing_readable_in_the_databases_or_the_event_log(bool killDuringErasure)
    {
        using var data = new TemporaryDirectory("fd-erase");
        var port = ServiceProcess.FreePort();
        var environment = new Dictionary<string, string> { ["FD_DATA_DIR"] = data.Path };
        var host = await ServiceProcess.StartAsync("fitnessdriver-host", port, environment, data.Path, TimeSpan.FromMinutes(2));
        try
        {
            using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            var marker = Convert.ToHexString(Guid.NewGuid().ToByteArray()[..4]);
            var name = $"Zephyrine Quillfeather {marker}";
            var created = await FitnessDriverClient.SignUpWithCredentialsAsync(http, name, $"zq{marker}", Password);
            var athlete = new FitnessDriverClient(http, created.AthleteId, created.AccessToken);
            var other = await FitnessDriverClient.SignUpAsync(http, "Other");

            var now = DateTimeOffset.UtcNow;
            var challenge = await other.CreateChallengeAsync(new CreateChallengeRequest("Erasure test", "run", new ChallengeGoal(100_000),
                IsoTime.From(now.AddHours(-3).UtcDateTime), IsoTime.From(now.AddDays(1).UtcDateTime)));
            await athlete.JoinChallengeAsync(challenge);

            var rideFile = await File.ReadAllBytesAsync(RepositoryFiles.DeviceFile("fit", "garmin-edge-820-bike.fit"));
            var ridePositions = ActivityFileDecoder.Decode(new MemoryStream(rideFile)).Samples.Where(s => s.HasPosition).ToList();
            Assert.NotEmpty(ridePositions);
            var ride = await athlete.ImportAsync(new MemoryStream(rideFile), "ride.fit");

            var live = Guid.NewGuid();
            var start = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + 1);
            var offset = Random.Shared.Next(1, 1000) / 10_000.0;
            var liveSamples = RunGenerator.Samples(start, 600).Select(s => s with { Lat = s.Lat + offset, Lon = s.Lon + offset }).ToList();
            await athlete.PutActivityAsync(live, Sport.Run, start, $"{name}'s morning run");
            foreach (var batch in liveSamples.Chunk(100))
                await athlete.PostSamplesAsync(live, "phone", batch);

            await Eventually.MatchesAsync(() => athlete.GetActivityAsync(live), a => a.SampleCount == liveSamples.Count, TimeSpan.FromMinutes(1), "the live run stored");
            await Eventually.MatchesAsync(() => athlete.GetActivityAsync(ride.ActivityId), a => a.SampleCount > 0, TimeSpan.FromMinutes(1), "the ride stored");
            await Eventually.MatchesAsync(() => other.GetLeaderboardAsync(challenge), b => b.Any(e => e.AthleteId == athlete.AthleteId && e.DistanceM > 0),
                TimeSpan.FromMinutes(1), "the run counted in the challenge");
            var streams = await athlete.GetStreamsAsync(live, "1s", "lat,lon");
            Assert.Equal(liveSamples[0].Lat!.Value, streams.Lat![0]!.Value, 6);
            var segment = await athlete.CreateSegmentAsync(new CreateSegmentRequest($"{name}'s street", live, streams.T[100], streams.T[500]));
            Assert.Equal(segment.Path.Count, (await other.GetSegmentAsync(segment.SegmentId)).Path.Count);
            Assert.Equal(name, Assert.Single(await other.GetNamesAsync([athlete.AthleteId])).DisplayName);
            Assert.Equal(2, (await other.ListActivitiesOfAsync(athlete.AthleteId)).Items.Count);
            Assert.Equal(600, (await other.GetStreamsOfAsync(athlete.AthleteId, live, "1s")).T.Count);

            var cluster = LocalPostgresCluster.Attach(new LocalPostgresOptions { Directory = Path.Combine(data.Path, "postgres") }, NullLogger.Instance);
            await CheckpointAsync(cluster);
            var secrets = Secrets(name, liveSamples.Concat(ridePositions));
            var idBytes = created.AthleteId.ToByteArray(bigEndian: true);
            // The scan can see: the pseudonymous id is stored in the clear.
            Assert.True(Scan(cluster.ServerDirectory, [idBytes]).Count > 0, "the scan finds the athlete id in PostgreSQL's files");

            var receipt = await athlete.EraseAsync(new EraseRequest(Password));
            if (killDuringErasure)
            {
                await host.KillAsync();
                host = await ServiceProcess.StartAsync("fitnessdriver-host", port, environment, data.Path, TimeSpan.FromMinutes(2));
                cluster = LocalPostgresCluster.Attach(new LocalPostgresOptions { Directory = Path.Combine(data.Path, "postgres") }, NullLogger.Instance);
            }

            Assert.Equal(athlete.AthleteId, receipt.AthleteId);
            Assert.Equal(1, receipt.Deleted["profile"]);
            Assert.Equal(1, receipt.Deleted["dataKey"]);
            Assert.Equal(1, receipt.Deleted["credentials"]);
            Assert.True(receipt.Deleted["sessions"] >= 1);
            Assert.Contains(receipt.ErasedBy, e => e.StartsWith("timeseries", StringComparison.Ordinal));
            Assert.Contains(receipt.Unreadable, e => e.StartsWith("event log", StringComparison.Ordinal));

            await Eventually.TrueAsync(() => ErasedEverywhereAsync(cluster, athlete.AthleteId), TimeSpan.FromMinutes(1), "every service erased the athlete");
            Assert.Equal(0L, await CountAsync(cluster, "SELECT count(*) FROM timeseries.samples WHERE athlete_id = $1", athlete.AthleteId));
            Assert.Equal(0L, await CountAsync(cluster, "SELECT count(*) FROM timeseries.activities WHERE athlete_id = $1", athlete.AthleteId));
            Assert.Equal(0L, await CountAsync(cluster, "SELECT count(*) FROM gamification.awards WHERE athlete_id = $1", athlete.AthleteId));
            Assert.Equal(0L, await CountAsync(cluster, "SELECT count(*) FROM notifications.inbox WHERE athlete_id = $1", athlete.AthleteId));

            // Others see nothing of the athlete; the athlete's own token no longer works.
            Assert.Empty(await other.GetNamesAsync([athlete.AthleteId]));
            Assert.DoesNotContain(await other.GetLeaderboardAsync(challenge), e => e.AthleteId == athlete.AthleteId);
            Assert.Empty((await other.ListActivitiesOfAsync(athlete.AthleteId)).Items);
            Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ApiProblemException>(() => other.GetSegmentAsync(segment.SegmentId))).Status);
            var gone = await Assert.ThrowsAsync<ApiProblemException>(() => other.GetStreamsOfAsync(athlete.AthleteId, live));
            Assert.Equal(HttpStatusCode.NotFound, gone.Status);
            var refused = await Assert.ThrowsAsync<ApiProblemException>(() => athlete.GetActivityAsync(live));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
            var signIn = await Assert.ThrowsAsync<ApiProblemException>(() => FitnessDriverClient.SignInAsync(http, $"zq{marker}", Password));
            Assert.Equal(HttpStatusCode.Unauthorized, signIn.Status);

            await CheckpointAsync(cluster);
            var found = Scan(cluster.ServerDirectory, secrets).Concat(Scan(Path.Combine(data.Path, "log"), secrets)).ToList();
            Assert.True(found.Count == 0, "readable personal data left behind:\n" + string.Join('\n', found.Take(20)));
        }
        finally
        {
            await host.DisposeAsync();
            TestContext.Current.AddAttachment("host-output.log", File.ReadAllText(host.LogPath));
        }
    }

    /// <summary>The name (UTF-8 and UTF-16), and every coordinate as the 8-byte double it was and as text with 6 decimals.</summary>
    private static List<byte[]> Secrets(string name, IEnumerable<Sample> positions)
    {
        var secrets = new List<byte[]> { Encoding.UTF8.GetBytes(name), Encoding.Unicode.GetBytes(name) };
        foreach (var value in positions.SelectMany(s => new[] { s.Lat!.Value, s.Lon!.Value }).Distinct())
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
            secrets.Add(bytes);
            secrets.Add(bytes.Reverse().ToArray());
            secrets.Add(Encoding.ASCII.GetBytes(value.ToString("F6", CultureInfo.InvariantCulture)));
        }

        return secrets;
    }

    /// <summary>Which files under <paramref name="directory"/> hold any of <paramref name="needles"/>.</summary>
    private static List<string> Scan(string directory, IReadOnlyList<byte[]> needles)
    {
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            byte[] content;
            try
            {
                content = File.ReadAllBytes(file);
            }
            catch (IOException)
            {
                continue;
            }

            foreach (var needle in needles)
            {
                if (content.AsSpan().IndexOf(needle) is var at and >= 0)
                {
                    found.Add($"{Path.GetRelativePath(directory, file)} @{at}: {Convert.ToHexString(needle)}");
                    break;
                }
            }
        }

        return found;
    }

    private static async Task<bool> ErasedEverywhereAsync(LocalPostgresCluster cluster, Guid athleteId) =>
        await CountAsync(cluster, """
            SELECT (SELECT count(*) FROM timeseries.erased_athletes WHERE athlete_id = $1)
                 + (SELECT count(*) FROM gamification.erased_athletes WHERE athlete_id = $1)
                 + (SELECT count(*) FROM notifications.erased_athletes WHERE athlete_id = $1)
            """, athleteId) == 3;

    private static async Task<long> CountAsync(LocalPostgresCluster cluster, string sql, Guid athleteId) =>
        await PostgresFixture.ScalarAsync<long>(cluster.ConnectionString(MainDatabase), sql, athleteId);

    /// <summary>Makes PostgreSQL write everything out and reclaim what was deleted, as the scan expects.</summary>
    private static async Task CheckpointAsync(LocalPostgresCluster cluster)
    {
        foreach (var database in new[] { MainDatabase, MainDatabase + "_profiles" })
        {
            await using var connection = new NpgsqlConnection(cluster.ConnectionString(database));
            await connection.OpenAsync();
            foreach (var sql in new[] { "VACUUM", "CHECKPOINT" })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }
    }
}
