using System.Net.Http.Json;
using System.Security.Cryptography;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Activities;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Privacy;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.EventLog;
using FitnessDriver.Profiles.Identity;
using FitnessDriver.ServiceDefaults.Privacy;
using FitnessDriver.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>Event-log payloads sealed with each athlete's key; residency regions in databases of their own; the profile endpoints.</summary>
public sealed class PrivacyTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task An_athletes_sample_batches_and_activity_names_in_the_log_open_only_with_their_key()
    {
        await using var platform = await RunningPlatform.StartAsync(postgres);
        var athlete = await platform.NewAthleteAsync("Sealed");
        var activityId = Guid.NewGuid();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        // 1.4 km: the first kilometre earns XP, an achievement on the log.
        var samples = RunGenerator.Samples(start, 400, speed: 3.5);
        await athlete.PutActivityAsync(activityId, Sport.Run, start, "Secret summit");
        await athlete.PostSamplesAsync(activityId, "watch", samples);

        var records = await RecordsOfAsync(platform.Services.GetRequiredService<IEventLog>(), athlete.AthleteId,
            Topics.TelemetrySamples, Topics.ActivityLifecycle, Topics.Achievements);
        var batch = Assert.Single(records, r => r.Topic == Topics.TelemetrySamples).Value.ToArray();
        var achievements = records.Where(r => r.Topic == Topics.Achievements).Select(r => r.Value.ToArray()).ToList();
        Assert.NotEmpty(achievements);
        Assert.All(achievements, a => Assert.True(Sealed.IsSealed(a)));
        Assert.All(achievements, a => Assert.Throws<ContractFormatException>(() => AchievementCodec.Decode(a)));
        var started = Assert.Single(records, r => r.Topic == Topics.ActivityLifecycle).Value.ToArray();

        Assert.True(Sealed.IsSealed(batch));
        Assert.Equal(athlete.AthleteId, Sealed.AthleteOf(batch));
        Assert.Throws<ContractFormatException>(() => SampleBatchCodec.Decode(batch));
        Assert.Throws<ContractFormatException>(() => Sealed.Open(RandomNumberGenerator.GetBytes(Sealed.KeyLength), Purposes.SampleBatch, batch));
        Assert.DoesNotContain("Secret summit", System.Text.Encoding.UTF8.GetString(started), StringComparison.Ordinal);

        var key = await platform.Services.GetRequiredService<IAthleteKeys>().FindAsync(athlete.AthleteId, CancellationToken.None);
        Assert.NotNull(key);
        Assert.Throws<ContractFormatException>(() => Sealed.Open(key, Purposes.ActivityName, batch));
        Assert.All(achievements, a => Assert.Equal(athlete.AthleteId, AchievementCodec.Decode(Sealed.Open(key, Purposes.Achievement, a)).AthleteId));
        var opened = SampleBatchCodec.Decode(Sealed.Open(key, Purposes.SampleBatch, batch));
        Assert.Equal(samples.Select(s => (s.T, s.Lat, s.Lon, s.Hr)), opened.Samples.Select(s => (s.T, s.Lat, s.Lon, s.Hr)));
        var startedEvent = Assert.IsType<ActivityStarted>(ActivityEventCodec.Decode(started));
        Assert.Null(startedEvent.Name);
        Assert.Equal("Secret summit", Sealed.OpenText(key, Purposes.ActivityName, startedEvent.SealedName));

        // The owner still reads everything back in the clear.
        await platform.WaitForConsumersAsync();
        Assert.Equal("Secret summit", (await athlete.GetActivityAsync(activityId)).Name);
        Assert.Contains((await athlete.GetNotificationsAsync()).Items, n => n.Type == AchievementTypes.Xp);
        var streams = await athlete.GetStreamsAsync(activityId, "1s", "lat,lon");
        Assert.Equal(samples.Select(s => Math.Round(s.Lon!.Value, 7)), streams.Lon!.Select(v => v!.Value));
    }

    [Fact]
    public async Task A_username_stored_before_sealing_signs_in_and_is_then_sealed()
    {
        await using var platform = await RunningPlatform.StartAsync(postgres);
        var athlete = await platform.NewAthleteAsync("Early adopter");
        var username = $"early{Guid.NewGuid():N}"[..20];
        const string Password = "an early password";
        // As the identity schema stored credentials before usernames were sealed: plain, found by the lower-case name.
        await PostgresFixture.ScalarAsync<long>(platform.ProfilesConnectionString, """
            WITH stored AS (INSERT INTO profiles.credentials (athlete_id, username, username_key, password_hash) VALUES ($1, $2, $3, $4) RETURNING 1)
            SELECT count(*) FROM stored
            """,
            athlete.AthleteId, username, username.ToLowerInvariant(), PasswordHasher.Hash(Password, 100_000));

        Assert.Equal(athlete.AthleteId, (await FitnessDriverClient.SignInAsync(platform.Http, username.ToUpperInvariant(), Password)).AthleteId);
        var taken = await Assert.ThrowsAsync<ApiProblemException>(() => FitnessDriverClient.SignUpWithCredentialsAsync(platform.Http, "Copycat", username, "another password"));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, taken.Status);

        await platform.Services.GetRequiredService<LegacyCredentialSealing>().SealAllAsync(CancellationToken.None);
        Assert.Equal(0L, await PostgresFixture.ScalarAsync<long>(platform.ProfilesConnectionString,
            "SELECT count(*) FROM profiles.credentials WHERE athlete_id = $1 AND (username IS NOT NULL OR sealed_username IS NULL)", athlete.AthleteId));
        Assert.Equal(athlete.AthleteId, (await FitnessDriverClient.SignInAsync(platform.Http, username, Password)).AthleteId);
        Assert.Equal(username, (await athlete.GetMeAsync()).Username);
    }

    [Fact]
    public async Task Two_regions_keep_their_athletes_profiles_in_separate_databases()
    {
        var europe = await postgres.CreateDatabaseAsync("eu");
        var russia = await postgres.CreateDatabaseAsync("ru");
        await using var platform = await RunningPlatform.StartAsync(await postgres.CreateDatabaseAsync("fd"), await postgres.CreateDatabaseAsync("profiles"),
            new Dictionary<string, string>
            {
                ["Profiles:Regions:eu:Code"] = "1",
                ["Profiles:Regions:eu:ConnectionString"] = europe,
                ["Profiles:Regions:ru:Code"] = "7",
                ["Profiles:Regions:ru:ConnectionString"] = russia,
                ["Profiles:DefaultRegion"] = "eu",
            });

        var anna = await FitnessDriverClient.SignUpWithCredentialsAsync(platform.Http, "Anna", "anna-ru", "correct horse battery", "ru");
        var emma = await FitnessDriverClient.SignUpWithCredentialsAsync(platform.Http, "Emma", "emma-eu", "correct horse battery");
        var unknown = await Assert.ThrowsAsync<ApiProblemException>(() => FitnessDriverClient.SignUpWithCredentialsAsync(platform.Http, "Mars", "mars", "correct horse battery", "mars"));
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, unknown.Status);

        Assert.Equal([anna.AthleteId], await AthletesInAsync(russia));
        Assert.Equal([emma.AthleteId], await AthletesInAsync(europe));
        Assert.Equal(0L, await PostgresFixture.ScalarAsync<long>(platform.ProfilesConnectionString,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'profiles' AND table_name = 'athletes'"));

        var annaClient = new FitnessDriverClient(platform.Http, anna.AthleteId, anna.AccessToken);
        Assert.Equal("ru", (await annaClient.GetMeAsync()).Region);
        Assert.Equal("eu", (await new FitnessDriverClient(platform.Http, emma.AthleteId, emma.AccessToken).GetMeAsync()).Region);
        Assert.Equal(anna.AthleteId, (await FitnessDriverClient.SignInAsync(platform.Http, "anna-ru", "correct horse battery")).AthleteId);
        Assert.Equal(["Anna", "Emma"], (await annaClient.GetNamesAsync([anna.AthleteId, emma.AthleteId])).Select(n => n.DisplayName).Order());

        var username = await Assert.ThrowsAsync<ApiProblemException>(() =>
            FitnessDriverClient.SignUpWithCredentialsAsync(platform.Http, "Copy", "ANNA-ru", "correct horse battery", "eu"));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, username.Status);

        await annaClient.EraseAsync(new EraseRequest("correct horse battery"));
        Assert.Empty(await AthletesInAsync(russia));
        Assert.Equal([emma.AthleteId], await AthletesInAsync(europe));
    }

    [Fact]
    public async Task The_profile_reads_back_corrects_and_refuses_bad_names_and_erasure_needs_the_password()
    {
        await using var platform = await RunningPlatform.StartAsync(postgres);
        var created = await FitnessDriverClient.SignUpWithCredentialsAsync(platform.Http, "Kate", "kate-profile", "correct horse battery");
        var kate = new FitnessDriverClient(platform.Http, created.AthleteId, created.AccessToken);

        var me = await kate.GetMeAsync();
        Assert.Equal(("Kate", "kate-profile", "default"), (me.DisplayName, me.Username, me.Region));
        Assert.Equal("Катя", (await kate.UpdateMeAsync(new UpdateProfileRequest("Катя"))).DisplayName);
        Assert.Equal("Катя", Assert.Single(await kate.GetNamesAsync([kate.AthleteId])).DisplayName);
        var invalid = await Assert.ThrowsAsync<ApiProblemException>(() => kate.UpdateMeAsync(new UpdateProfileRequest("\u202Eevil")));
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, invalid.Status);

        var missing = await Assert.ThrowsAsync<ApiProblemException>(() => kate.EraseAsync(new EraseRequest()));
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, missing.Status);
        var wrong = await Assert.ThrowsAsync<ApiProblemException>(() => kate.EraseAsync(new EraseRequest("wrong horse battery")));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, wrong.Status);
        Assert.Equal("Катя", (await kate.GetMeAsync()).DisplayName);

        // Without a password, the session's refresh token confirms it is them.
        var legacy = await platform.Http.PostAsJsonAsync("/v1/athletes", new CreateAthleteRequest("Leo"), ContractJson.Options);
        var leoCreated = (await legacy.Content.ReadFromJsonAsync<CreateAthleteResponse>(ContractJson.Options))!;
        var leo = new FitnessDriverClient(platform.Http, leoCreated.AthleteId, leoCreated.AccessToken);
        var notTheirs = await Assert.ThrowsAsync<ApiProblemException>(() => leo.EraseAsync(new EraseRequest(RefreshToken: created.RefreshToken)));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, notTheirs.Status);
        var receipt = await leo.EraseAsync(new EraseRequest(RefreshToken: leoCreated.RefreshToken));
        Assert.Equal(1, receipt.Deleted["profile"]);
        var gone = await Assert.ThrowsAsync<ApiProblemException>(() => leo.GetMeAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, gone.Status);
    }

    private static async Task<List<Guid>> AthletesInAsync(string connectionString)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT athlete_id FROM profiles.athletes ORDER BY athlete_id");
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
            ids.Add(reader.GetGuid(0));
        return ids;
    }

    private static async Task<List<LogRecord>> RecordsOfAsync(IEventLog log, Guid athleteId, params string[] topics)
    {
        await using var consumer = log.Subscribe(new ConsumerOptions(null, topics));
        var records = new List<LogRecord>();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            records.AddRange((await consumer.ConsumeAsync(1000, TimeSpan.FromMilliseconds(500), CancellationToken.None)).Where(r => r.Key == athleteId.ToString()));
            if (topics.All(t => records.Any(r => r.Topic == t)))
                break;
        }

        return records;
    }
}
