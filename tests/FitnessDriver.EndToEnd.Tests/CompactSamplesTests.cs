using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>
/// The compact sample body (<c>application/x-fd-samples</c>) stores what the same JSON body stores, and every malformed
/// or out-of-range compact body gets a 4xx naming the field, never a 500.
/// </summary>
public sealed class CompactSamplesTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>, IAsyncLifetime
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

    [Fact]
    public async Task A_compact_post_reads_back_the_same_values_as_its_json()
    {
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-20).ToUnixTimeSeconds());
        var samples = RunGenerator.Samples(start, 300).Select((s, i) => s with { Power = i % 3 == 0 ? null : 180 + i % 50, Rr = i % 5 == 0 ? [420, 418] : null }).ToList();
        var (jsonAthlete, jsonActivity) = (await platform.NewAthleteAsync("Json"), Guid.NewGuid());
        var (compactAthlete, compactActivity) = (await platform.NewAthleteAsync("Compact"), Guid.NewGuid());
        await jsonAthlete.PutActivityAsync(jsonActivity, Sport.Run, start);
        await compactAthlete.PutActivityAsync(compactActivity, Sport.Run, start);

        Assert.Equal(300, (await jsonAthlete.PostSamplesAsync(jsonActivity, "watch", samples, DeviceKinds.Watch)).Accepted);
        Assert.Equal(200, (await compactAthlete.PostCompactSamplesAsync(compactActivity, "watch", samples[..200], DeviceKinds.Watch)).Accepted);
        Assert.Equal(100, (await compactAthlete.PostCompactSamplesAsync(compactActivity, "watch", samples[200..], DeviceKinds.Watch)).Accepted);
        await platform.WaitForConsumersAsync();

        var fromJson = await jsonAthlete.GetStreamsAsync(jsonActivity, "1s");
        var fromCompact = await compactAthlete.GetStreamsAsync(compactActivity, "1s");
        Assert.Equal(300, fromCompact.T.Count);
        Assert.Equal(fromJson.T, fromCompact.T);
        Assert.Equal(fromJson.Hr, fromCompact.Hr);
        Assert.Equal(fromJson.Power, fromCompact.Power);
        Assert.Equal(fromJson.Cadence, fromCompact.Cadence);
        Assert.Equal(fromJson.Speed, fromCompact.Speed);
        Assert.Equal(fromJson.Distance, fromCompact.Distance);
        Assert.Equal(fromJson.Lat, fromCompact.Lat);
        Assert.Equal(fromJson.Lon, fromCompact.Lon);
        Assert.Equal(fromJson.Alt, fromCompact.Alt);
        var (jsonSummary, compactSummary) = (await jsonAthlete.GetActivityAsync(jsonActivity), await compactAthlete.GetActivityAsync(compactActivity));
        Assert.Equal(jsonSummary.SampleCount, compactSummary.SampleCount);
        Assert.Equal(jsonSummary.DistanceM, compactSummary.DistanceM);
        Assert.Equal(jsonSummary.AvgHr, compactSummary.AvgHr);
        Assert.Equal(60L, await RrCountAsync(compactActivity));
        Assert.Equal(await RrCountAsync(jsonActivity), await RrCountAsync(compactActivity));
    }

    public static TheoryData<string, byte[], string> Malformed => new()
    {
        { "empty", [], "body" },
        { "another version", [9, 1, (byte)'h', 0, 0, 0], "body" },
        { "truncated device id", [1, 5, (byte)'h'], "deviceId" },
        { "device id not UTF-8", [1, 2, 0xC3, 0x28, 0, 1, 0, 2], "deviceId" },
        { "count above the times sent", [1, 1, (byte)'h', 0, 3, 0, 2], "samples" },
        { "a time cut short", [1, 1, (byte)'h', 0, 2, 0, 2, 0x80], "samples[1].t" },
        { "unknown channel", [1, 1, (byte)'h', 0, 1, 0x80, 0x04, 2], "channels" },
        { "value cut short", [1, 1, (byte)'h', 0, 1, 8, 2, 1, 0, 0], "samples[0].speed" },
        { "hr beyond 32 bits", [1, 1, (byte)'h', 0, 1, 1, 2, 1, 0xFE, 0xFF, 0xFF, 0xFF, 0x7F], "samples[0].hr" },
        { "trailing bytes", [1, 1, (byte)'h', 0, 1, 0, 2, 0xEE], "body" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_compact_body_is_400_naming_the_field(string what, byte[] body, string field)
    {
        var problem = await ExpectProblemAsync(body, HttpStatusCode.BadRequest, what);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Out_of_range_and_not_a_number_are_422_naming_the_field_as_for_json()
    {
        var t = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        var body = CompactSamples.Encode(new SampleBatchRequest("hrm", [new Sample(t, Hr: 251), new Sample(t + 1000, Speed: float.NaN), new Sample(t + 2000, Lat: double.PositiveInfinity, Lon: 0)]));
        var problem = await ExpectProblemAsync(body, HttpStatusCode.UnprocessableEntity, "out of range");
        Assert.Contains("between 20 and 250", problem["errors"]!["samples[0].hr"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(problem["errors"]!["samples[1].speed"]);
        Assert.NotNull(problem["errors"]!["samples[2].lat"]);
    }

    [Fact]
    public async Task More_than_ten_thousand_samples_or_a_mebibyte_is_413()
    {
        var t = DateTimeOffset.UtcNow.AddMinutes(-25).ToUnixTimeMilliseconds();
        var many = CompactSamples.Encode(new SampleBatchRequest("hrm", Enumerable.Range(0, 10_001).Select(i => new Sample(t + i)).ToList()));
        await ExpectProblemAsync(many, HttpStatusCode.RequestEntityTooLarge, "10,001 samples");
        var huge = CompactSamples.Encode(new SampleBatchRequest("hrm", Enumerable.Range(0, 10_000).Select(i => new Sample(t + i, Rr: Enumerable.Repeat(400, 60).ToList())).ToList()));
        Assert.True(huge.Length > 1024 * 1024);
        await ExpectProblemAsync(huge, HttpStatusCode.RequestEntityTooLarge, "over a mebibyte");
    }

    [Fact]
    public async Task Damaged_bodies_get_a_4xx_never_a_500()
    {
        var t = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
        var valid = CompactSamples.Encode(new SampleBatchRequest("bike", RunGenerator.Samples(DateTimeOffset.FromUnixTimeMilliseconds(t), 20)
            .Select(s => s with { Power = 200, Rr = [400] }).ToList(), DeviceKinds.BikeComputer));
        var random = new Random(4711);
        for (var i = 0; i < 60; i++)
        {
            var body = (byte[])valid.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
                body[random.Next(body.Length)] = (byte)random.Next(256);
            var damaged = i % 3 == 0 ? body[..random.Next(body.Length)] : body;
            using var response = await PostAsync(damaged);
            Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity,
                $"damaged body {i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task The_openapi_document_offers_both_bodies()
    {
        var document = JsonNode.Parse(await platform.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        var content = document["paths"]!["/v1/activities/{activityId}/samples"]!["post"]!["requestBody"]!["content"]!;
        Assert.NotNull(content["application/json"]!["schema"]);
        Assert.Equal("binary", content[CompactSamples.MediaType]!["schema"]!["format"]!.GetValue<string>());
    }

    private async Task<long> RrCountAsync(Guid activity)
    {
        await using var connection = new Npgsql.NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SELECT count(*) FROM timeseries.samples WHERE activity_id = '{activity}' AND rr IS NOT NULL", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/activities/{activityId}/samples") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(CompactSamples.MediaType);
        return await athlete.SendAsync(request);
    }

    private async Task<JsonObject> ExpectProblemAsync(byte[] body, HttpStatusCode expected, string what)
    {
        using var response = await PostAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }
}
