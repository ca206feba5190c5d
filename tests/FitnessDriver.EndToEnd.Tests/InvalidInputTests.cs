using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>Every client mistake named in the API gets a 4xx problem naming the field; nothing gets a 500.</summary>
public sealed class InvalidInputTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>, IAsyncLifetime
{
    private readonly RunningPlatform platform = fixture.Platform;
    private FitnessDriverClient athlete = null!;
    private Guid activityId;

    public async ValueTask InitializeAsync()
    {
        athlete = await platform.NewAthleteAsync();
        activityId = Guid.NewGuid();
        await athlete.PutActivityAsync(activityId, Sport.Run, DateTimeOffset.UtcNow.AddMinutes(-30));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static TheoryData<string, string, string> InvalidSamples => new()
    {
        { """{"t":1,"hr":19}""", "samples[0].hr", "between 20 and 250" },
        { """{"t":1,"hr":251}""", "samples[0].hr", "between 20 and 250" },
        { """{"t":1,"power":-1}""", "samples[0].power", "between 0 and 3000" },
        { """{"t":1,"power":3001}""", "samples[0].power", "between 0 and 3000" },
        { """{"t":1,"cadence":301}""", "samples[0].cadence", "between 0 and 300" },
        { """{"t":1,"speed":40.5}""", "samples[0].speed", "between 0 and 40" },
        { """{"t":1,"lat":90.1,"lon":0}""", "samples[0].lat", "between -90 and 90" },
        { """{"t":1,"lat":0,"lon":-180.5}""", "samples[0].lon", "between -180 and 180" },
        { """{"t":1,"lat":10}""", "samples[0].lon", "together" },
        { """{"hr":120}""", "samples[0].t", "required" },
        { """{"t":FUTURE,"hr":120}""", "samples[0].t", "future" },
        { """{"t":1,"rr":[0]}""", "samples[0].rr", "between 1 and 5000" },
    };

    [Theory]
    [MemberData(nameof(InvalidSamples))]
    public async Task Out_of_range_sample_is_422_naming_the_field(string sample, string field, string message)
    {
        var future = DateTimeOffset.UtcNow.AddMinutes(11).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var validT = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var resolved = sample.Replace("\"t\":1", "\"t\":" + validT, StringComparison.Ordinal).Replace("FUTURE", future, StringComparison.Ordinal);
        var json = "{\"deviceId\":\"hrm\",\"samples\":[" + resolved + "]}";
        var problem = await ExpectProblemAsync(HttpMethod.Post, $"/v1/activities/{activityId}/samples", json, HttpStatusCode.UnprocessableEntity);
        var errors = problem["errors"]![field]!.AsArray();
        Assert.Contains(errors, e => e!.GetValue<string>().Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_device_and_empty_samples_are_named()
    {
        var problem = await ExpectProblemAsync(HttpMethod.Post, $"/v1/activities/{activityId}/samples", """{"samples":[]}""", HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["deviceId"]);
        Assert.NotNull(problem["errors"]!["samples"]);
    }

    [Fact]
    public async Task Malformed_json_is_400_with_the_position()
    {
        var problem = await ExpectProblemAsync(HttpMethod.Post, $"/v1/activities/{activityId}/samples", """{"deviceId":"x","samples":[{"t":1,""", HttpStatusCode.BadRequest);
        Assert.Equal("Malformed JSON", problem["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wrong_type_is_400_naming_the_field()
    {
        var problem = await ExpectProblemAsync(HttpMethod.Post, $"/v1/activities/{activityId}/samples", """{"deviceId":"x","samples":[{"t":1,"hr":"fast"}]}""", HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["samples[0].hr"]);
    }

    [Fact]
    public async Task Body_of_2_MiB_is_413()
    {
        var padding = new string(' ', 2 * 1024 * 1024);
        await ExpectProblemAsync(HttpMethod.Post, $"/v1/activities/{activityId}/samples", $$"""{"deviceId":"x",{{padding}}"samples":[]}""", HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task More_than_10000_samples_is_413()
    {
        var t = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var samples = string.Join(',', Enumerable.Range(0, 10_001).Select(i => $$"""{"t":{{t + i}}}"""));
        await ExpectProblemAsync(HttpMethod.Post, $"/v1/activities/{activityId}/samples", $$"""{"deviceId":"x","samples":[{{samples}}]}""", HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Body_that_is_not_json_is_415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/activities/{activityId}/samples")
        {
            Content = new StringContent("deviceId=x", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        using var response = await athlete.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")]
    public async Task No_or_bad_token_is_401(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/me/progress");
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await platform.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Another_athletes_activity_is_404_everywhere()
    {
        var other = await platform.NewAthleteAsync("Bob");
        var sample = $$"""{"deviceId":"x","samples":[{"t":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}}]}""";
        foreach (var (method, path, body) in new (HttpMethod, string, string?)[]
        {
            (HttpMethod.Post, $"/v1/activities/{activityId}/samples", sample),
            (HttpMethod.Post, $"/v1/activities/{activityId}/finish", "{}"),
            (HttpMethod.Put, $"/v1/activities/{activityId}", """{"sport":"run","startedAt":"2026-01-01T00:00:00Z"}"""),
            (HttpMethod.Get, $"/v1/activities/{activityId}", null),
            (HttpMethod.Get, $"/v1/activities/{activityId}/streams", null),
        })
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = await other.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Unknown_activity_is_404()
    {
        var sample = $$"""{"deviceId":"x","samples":[{"t":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}}]}""";
        await ExpectProblemAsync(HttpMethod.Post, $"/v1/activities/{Guid.NewGuid()}/samples", sample, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"sport":"skating","startedAt":"2026-01-01T00:00:00Z"}""", "sport")]
    [InlineData("""{"sport":"run"}""", "startedAt")]
    [InlineData("""{"sport":"run","startedAt":"yesterday"}""", "startedAt")]
    [InlineData("""{"sport":"run","startedAt":"2099-01-01T00:00:00Z"}""", "startedAt")]
    public async Task Invalid_activity_is_422_naming_the_field(string body, string field)
    {
        var problem = await ExpectProblemAsync(HttpMethod.Put, $"/v1/activities/{Guid.NewGuid()}", body, HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Activity_id_that_is_not_a_uuid_is_400()
    {
        var problem = await ExpectProblemAsync(HttpMethod.Put, "/v1/activities/123", """{"sport":"run","startedAt":"2026-01-01T00:00:00Z"}""", HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["activityId"]);
    }

    [Fact]
    public async Task Put_is_idempotent_and_refuses_a_changed_start()
    {
        var id = Guid.NewGuid();
        var started = new DateTimeOffset(2026, 6, 1, 7, 0, 0, TimeSpan.Zero);
        Assert.True(await athlete.PutActivityAsync(id, Sport.Walk, started));
        Assert.False(await athlete.PutActivityAsync(id, Sport.Walk, started));
        var error = await Assert.ThrowsAsync<ApiProblemException>(() => athlete.PutActivityAsync(id, Sport.Walk, started.AddHours(1)));
        Assert.Equal(HttpStatusCode.Conflict, error.Status);
    }

    [Fact]
    public async Task Finish_is_idempotent_and_checks_its_time()
    {
        var first = await athlete.FinishAsync(activityId, DateTimeOffset.UtcNow);
        var second = await athlete.FinishAsync(activityId, DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(first, second);
        await ExpectProblemAsync(HttpMethod.Post, $"/v1/activities/{activityId}/finish", """{"finishedAt":"2000-01-01T00:00:00Z"}""", HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [InlineData("/v1/me/notifications?after=abc", "after")]
    [InlineData("/v1/me/notifications?limit=0", "limit")]
    public async Task Bad_query_parameters_are_400_naming_them(string path, string field)
    {
        var problem = await ExpectProblemAsync(HttpMethod.Get, path, null, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Bad_stream_query_is_400_naming_the_parameter()
    {
        var problem = await ExpectProblemAsync(HttpMethod.Get, $"/v1/activities/{activityId}/streams?resolution=5s&channels=hr,vo2", null, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["resolution"]);
        Assert.NotNull(problem["errors"]!["channels"]);
    }

    [Theory]
    [InlineData("", "displayName")]
    [InlineData("""{"displayName":""}""", "displayName")]
    public async Task Sign_up_without_a_name_is_rejected(string body, string field)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/athletes") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await platform.Http.SendAsync(request);
        Assert.InRange((int)response.StatusCode, 400, 422);
        if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
            Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]);
    }

    public static TheoryData<string, string> UnstorableNames => new()
    {
        { "Morning\u0000run", "control characters" },
        { "Line\nbreak", "control characters" },
        { "evil\u202Egnp.exe", "bidirectional" },
        { "isolated\u2066text", "bidirectional" },
        { "\u200B\u200D\uFEFF", "visible" },
        { "\u3164\u3164", "visible" },
    };

    [Theory]
    [MemberData(nameof(UnstorableNames))]
    public async Task Names_that_cannot_be_stored_or_shown_are_422_everywhere(string name, string reason)
    {
        var quoted = System.Text.Json.JsonSerializer.Serialize(name);
        foreach (var (method, path, body, field) in new (HttpMethod, string, string, string)[]
        {
            (HttpMethod.Post, "/v1/athletes", $$"""{"displayName":{{quoted}}}""", "displayName"),
            (HttpMethod.Put, $"/v1/activities/{Guid.NewGuid()}", $$"""{"sport":"run","startedAt":"2026-01-01T00:00:00Z","name":{{quoted}}}""", "name"),
            (HttpMethod.Post, "/v1/challenges", ChallengeJson(quoted, DateTimeOffset.UtcNow), "name"),
        })
        {
            // A name that is blank but for invisible characters is only refused where a name is required.
            if (reason == "visible" && field == "name" && method == HttpMethod.Put)
                continue;
            var problem = await ExpectProblemAsync(method, path, body, HttpStatusCode.UnprocessableEntity);
            Assert.Contains(problem["errors"]![field]!.AsArray(), e => e!.GetValue<string>().Contains(reason, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Half_a_surrogate_pair_is_400_naming_the_field()
    {
        var problem = await ExpectProblemAsync(HttpMethod.Post, "/v1/athletes", """{"displayName":"half \ud800 pair"}""", HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["displayName"]);
    }

    [Fact]
    public async Task An_imported_file_whose_name_holds_a_control_character_is_422_naming_the_file()
    {
        using var content = new MultipartFormDataContent();
        using var file = new ByteArrayContent(Encoding.UTF8.GetBytes("<gpx/>"));
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\"ride\u0001.gpx\"" };
        content.Add(file);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/imports") { Content = content };
        using var response = await athlete.SendAsync(request);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.NotNull(problem["errors"]!["file"]);
    }

    [Fact]
    public async Task Display_names_are_stored_normalised_to_nfc()
    {
        var decomposed = await platform.NewAthleteAsync("Ame\u0301lie");
        var names = await decomposed.GetNamesAsync([decomposed.AthleteId]);
        Assert.Equal("Am\u00E9lie", Assert.Single(names).DisplayName);
    }

    [Theory]
    [InlineData("""{"t":T,"hr":"150"}""", "samples[0].hr")]
    [InlineData("""{"t":"T","hr":150}""", "samples[0].t")]
    [InlineData("""{"t":T,"hr":150.5}""", "samples[0].hr")]
    public async Task Numbers_must_be_json_numbers_of_the_right_kind(string sample, string field)
    {
        var t = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var json = "{\"deviceId\":\"hrm\",\"samples\":[" + sample.Replace("T", t, StringComparison.Ordinal) + "]}";
        var problem = await ExpectProblemAsync(HttpMethod.Post, $"/v1/activities/{activityId}/samples", json, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_property_sent_twice_is_400()
    {
        var problem = await ExpectProblemAsync(HttpMethod.Post, "/v1/athletes", """{"displayName":"Ann","displayName":"Bob"}""", HttpStatusCode.BadRequest);
        Assert.Equal("Malformed JSON", problem["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Two_samples_with_the_same_time_are_422_naming_the_second()
    {
        var t = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        var json = $$"""{"deviceId":"hrm","samples":[{"t":{{t}},"hr":120},{"t":{{t + 1000}},"hr":121},{"t":{{t}},"hr":122}]}""";
        var problem = await ExpectProblemAsync(HttpMethod.Post, $"/v1/activities/{activityId}/samples", json, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("samples[0]", problem["errors"]!["samples[2].t"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Samples_long_before_the_start_or_after_the_finish_are_422_naming_t()
    {
        var id = Guid.NewGuid();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeSeconds());
        await athlete.PutActivityAsync(id, Sport.Run, start);
        var early = start.AddMinutes(-16).ToUnixTimeMilliseconds();
        var json = $$"""{"deviceId":"hrm","samples":[{"t":{{start.ToUnixTimeMilliseconds()}},"hr":120},{"t":1,"hr":120},{"t":{{early}},"hr":120}]}""";
        var problem = await ExpectProblemAsync(HttpMethod.Post, $"/v1/activities/{id}/samples", json, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("before the activity started", problem["errors"]!["samples[1].t"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(problem["errors"]!["samples[2].t"]);
        Assert.Null(problem["errors"]!["samples[0].t"]);

        await athlete.FinishAsync(id, start.AddHours(1));
        var late = start.AddHours(1).AddMinutes(16).ToUnixTimeMilliseconds();
        problem = await ExpectProblemAsync(HttpMethod.Post, $"/v1/activities/{id}/samples", $$"""{"deviceId":"hrm","samples":[{"t":{{late}},"hr":120}]}""", HttpStatusCode.UnprocessableEntity);
        Assert.Contains("after the activity finished", problem["errors"]!["samples[0].t"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var withinMargin = start.AddHours(1).AddMinutes(14).ToUnixTimeMilliseconds();
        Assert.Equal(1, (await athlete.PostSamplesAsync(id, "hrm", [new Contracts.Telemetry.Sample(withinMargin, Hr: 120)])).Accepted);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/json")]
    [InlineData("application/jsonp")]
    [InlineData("application/x-www-form-urlencoded; json=1")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData(null)]
    public async Task Only_json_content_types_are_accepted(string? contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/athletes") { Content = new ByteArrayContent("""{"displayName":"Ann"}"""u8.ToArray()) };
        if (contentType is not null)
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await platform.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; charset=UTF-8")]
    [InlineData("application/merge-patch+json")]
    public async Task Json_content_types_are_accepted(string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/athletes") { Content = new ByteArrayContent("""{"displayName":"Ann"}"""u8.ToArray()) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await platform.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("9999-01-01T00:00:00Z", "9999-02-01T00:00:00Z", "startsAt")]
    [InlineData("2020-01-01T00:00:00Z", "FUTURE", "endsAt")]
    public async Task A_challenge_must_start_within_a_year_and_last_at_most_one(string startsAt, string endsAt, string field)
    {
        var body = $$"""{"name":"Far","sport":"run","goal":{"distanceM":5000},"startsAt":"{{startsAt}}","endsAt":"{{endsAt.Replace("FUTURE", DateTimeOffset.UtcNow.AddDays(30).ToString("O", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)}}"}""";
        var problem = await ExpectProblemAsync(HttpMethod.Post, "/v1/challenges", body, HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]![field]);
    }

    private static string ChallengeJson(string quotedName, DateTimeOffset now) =>
        $$"""{"name":{{quotedName}},"sport":"run","goal":{"distanceM":5000},"startsAt":"{{now.ToString("O", System.Globalization.CultureInfo.InvariantCulture)}}","endsAt":"{{now.AddDays(7).ToString("O", System.Globalization.CultureInfo.InvariantCulture)}}"}""";

    [Fact]
    public async Task Unknown_route_is_a_404_problem()
    {
        await ExpectProblemAsync(HttpMethod.Get, "/v1/nothing-here", null, HttpStatusCode.NotFound);
    }

    private async Task<JsonObject> ExpectProblemAsync(HttpMethod method, string path, string? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await athlete.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        return problem;
    }
}
