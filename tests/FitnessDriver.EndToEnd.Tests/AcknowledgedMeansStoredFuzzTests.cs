using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FitnessDriver.Contracts;
using FitnessDriver.EventLog;
using FitnessDriver.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>
/// The platform's core promise under random, schema-shaped input: no request gets a 500, everything answered 2xx is
/// stored where it belongs, and no consumer dead-letters anything the edge accepted. The seed is printed; set
/// FD_FUZZ_SEED (and FD_FUZZ_REQUESTS) to replay a run.
/// </summary>
public sealed class AcknowledgedMeansStoredFuzzTests(PostgresFixture postgres)
{
    private const int Players = 4;

    [Fact]
    public async Task Random_requests_never_get_a_500_and_every_acknowledged_write_is_stored_with_no_dead_letters()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FD_FUZZ_SEED"), out var s) ? s : Random.Shared.Next();
        var requests = int.TryParse(Environment.GetEnvironmentVariable("FD_FUZZ_REQUESTS"), out var n) ? n : 10_000;
        TestContext.Current.SendDiagnosticMessage($"fuzz seed {seed}, {requests} requests");
        await using var platform = await RunningPlatform.StartAsync(postgres);
        var failures = new ConcurrentQueue<string>();
        var players = Enumerable.Range(0, Players).Select(i => new FuzzPlayer(platform.Http, new Random(seed + i), failures)).ToList();

        await Task.WhenAll(players.Select(p => p.PlayAsync(requests / Players)));
        Assert.True(failures.IsEmpty, $"seed {seed}: {failures.Count} server errors or broken promises:\n{string.Join('\n', failures.Take(20))}");

        await platform.WaitForConsumersAsync();
        foreach (var player in players)
            await player.CheckStoredAsync();
        Assert.True(failures.IsEmpty, $"seed {seed}: acknowledged but not stored:\n{string.Join('\n', failures.Take(20))}");
        Assert.True(players.Sum(p => p.Acknowledged) > requests / 10, $"seed {seed}: only {players.Sum(p => p.Acknowledged)} requests were acknowledged; the generator is off");

        var log = platform.Services.GetRequiredService<IEventLog>();
        await using var deadLetters = log.Subscribe(new ConsumerOptions(null, Topics.All.Select(Topics.DeadLetter).ToList()));
        var dead = await deadLetters.ConsumeAsync(100, TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.True(dead.Count == 0, $"seed {seed}: dead-lettered: {string.Join("; ", dead.Select(d => d.Headers.GetValueOrDefault(DeadLetters.Headers.Error)))}");
    }

    /// <summary>One simulated client: its own athletes, activities and challenges, and what the server acknowledged.</summary>
    private sealed class FuzzPlayer(HttpClient http, Random random, ConcurrentQueue<string> failures)
    {
        private readonly List<(Guid Id, string Token, string Name)> athletes = [];
        private readonly Dictionary<Guid, Activity> activities = [];
        private readonly Dictionary<Guid, (string Token, string Name)> challenges = [];

        // Samples the server acknowledged, by the activity that owns them: (device, t) is what storage keeps once.
        private readonly Dictionary<Guid, HashSet<(string Device, long T)>> stored = [];

        public int Acknowledged { get; private set; }

        public async Task PlayAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                if (athletes.Count == 0 || random.Next(40) == 0)
                {
                    await SignUpAsync();
                    continue;
                }

                var (_, token, _) = athletes[random.Next(athletes.Count)];
                var owned = activities.Values.Where(a => a.Token == token).ToList();
                switch (random.Next(100))
                {
                    case < 12:
                        await PutActivityAsync(token, owned);
                        break;
                    case < 75 when owned.Count > 0:
                        await PostSamplesAsync(token, owned[random.Next(owned.Count)]);
                        break;
                    case < 80 when owned.Count > 0:
                        await FinishAsync(token, owned[random.Next(owned.Count)]);
                        break;
                    case < 88:
                        await CreateChallengeAsync(token);
                        break;
                    case < 91 when challenges.Count > 0:
                        await SendAsync(HttpMethod.Post, $"/v1/challenges/{challenges.Keys.ElementAt(random.Next(challenges.Count))}/join", token, null);
                        break;
                    case < 97:
                        await ImportAsync(token);
                        break;
                    default:
                        await SendAsync(HttpMethod.Post, $"/v1/activities/{Guid.NewGuid()}/samples", token, Json(new JsonObject { ["deviceId"] = "x", ["samples"] = new JsonArray() }));
                        break;
                }
            }
        }

        public async Task CheckStoredAsync()
        {
            foreach (var (id, token, name) in athletes)
            {
                using var response = await SendAsync(HttpMethod.Get, $"/v1/athletes?ids={id}", token, null);
                var found = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["items"]?.AsArray().SingleOrDefault();
                Expect(found?["displayName"]?.GetValue<string>() == name, $"athlete {id} named '{Escape(name)}' reads back as {found?.ToJsonString()}");
            }

            foreach (var activity in activities.Values)
            {
                using var response = await SendAsync(HttpMethod.Get, $"/v1/activities/{activity.Id}", activity.Token, null);
                var summary = JsonNode.Parse(await response.Content.ReadAsStringAsync());
                Expect(response.StatusCode == HttpStatusCode.OK, $"activity {activity.Id}: {(int)response.StatusCode} {summary?.ToJsonString()}");
                if (response.StatusCode != HttpStatusCode.OK)
                    continue;
                var expectedSamples = stored.TryGetValue(activity.Canonical, out var keys) ? keys.Count : 0;
                Expect(summary!["sampleCount"]!.GetValue<long>() == expectedSamples,
                    $"activity {activity.Id} (owner {activity.Canonical}): {summary["sampleCount"]} samples stored, {expectedSamples} acknowledged");
                if (activity.Canonical == activity.Id && !activity.Imported)
                    Expect(summary["name"]?.GetValue<string>() == activity.Name, $"activity {activity.Id} named '{Escape(activity.Name)}' reads back as '{Escape(summary["name"]?.GetValue<string>())}'");
            }

            foreach (var (id, (token, name)) in challenges)
            {
                using var response = await SendAsync(HttpMethod.Get, $"/v1/challenges/{id}", token, null);
                var challenge = JsonNode.Parse(await response.Content.ReadAsStringAsync());
                Expect(challenge?["name"]?.GetValue<string>() == name, $"challenge {id} named '{Escape(name)}' reads back as {challenge?.ToJsonString()}");
            }
        }

        private async Task SignUpAsync()
        {
            var name = RandomText();
            using var response = await SendAsync(HttpMethod.Post, "/v1/athletes", null, Json(new JsonObject { ["displayName"] = name }));
            if (response.StatusCode != HttpStatusCode.Created)
                return;
            var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            athletes.Add((created["athleteId"]!.GetValue<Guid>(), created["token"]!.GetValue<string>(), Stored(name)!));
        }

        private async Task PutActivityAsync(string token, List<Activity> owned)
        {
            var again = owned.Count > 0 && random.Next(4) == 0 ? owned[random.Next(owned.Count)] : null;
            var id = again?.Id ?? Guid.NewGuid();
            var startedAt = again is not null && random.Next(3) > 0 ? again.StartedAt : RandomTime(DateTimeOffset.UtcNow.AddDays(-random.Next(0, 60)).AddHours(-2));
            var sport = again is not null && random.Next(3) > 0 ? again.Sport : Pick("run", "ride", "walk", "hike", "swim", "other", "skating", "");
            var name = random.Next(3) == 0 ? null : RandomText();
            var body = new JsonObject { ["sport"] = sport, ["startedAt"] = startedAt };
            if (name is not null)
                body["name"] = name;
            using var response = await SendAsync(HttpMethod.Put, $"/v1/activities/{id}", token, Json(body));
            if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
                return;
            var state = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var canonical = state["mergedInto"]?.GetValue<Guid>() ?? id;
            activities[id] = new Activity(id, canonical, token, sport, startedAt, Stored(name), DateTimeOffset.Parse(startedAt, CultureInfo.InvariantCulture));
        }

        private async Task PostSamplesAsync(string token, Activity activity)
        {
            var device = random.Next(10) == 0 ? RandomText() : Pick("hrm", "watch-1", "phone", "power:meter_2");
            var start = activity.Start.ToUnixTimeMilliseconds() + random.Next(-20, 7200) * 1000L;
            var samples = new JsonArray();
            var times = new List<long>();
            for (var i = 0; i < random.Next(1, 40); i++)
            {
                var t = random.Next(60) == 0 ? RandomEpoch() : start + i * 1000L + (random.Next(30) == 0 ? -1000 : 0);
                times.Add(t);
                samples.Add(RandomSample(t));
            }

            var body = new JsonObject { ["deviceId"] = device, ["samples"] = samples };
            if (random.Next(5) == 0)
                body["deviceKind"] = Pick("chest-strap", "phone", "watch", "toaster");
            using var response = await SendAsync(HttpMethod.Post, $"/v1/activities/{activity.Id}/samples", token, Json(body));
            if (response.StatusCode != HttpStatusCode.Accepted)
                return;
            var accepted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["accepted"]!.GetValue<int>();
            Expect(accepted == times.Count, $"samples for {activity.Id}: {times.Count} sent, {accepted} accepted");
            var keys = Keys(activity.Canonical);
            foreach (var t in times)
                keys.Add((device, t));
        }

        private async Task FinishAsync(string token, Activity activity)
        {
            var body = random.Next(3) == 0 ? null : Json(new JsonObject { ["finishedAt"] = RandomTime(activity.Start.AddHours(random.Next(0, 3))) });
            await SendAsync(HttpMethod.Post, $"/v1/activities/{activity.Id}/finish", token, body);
        }

        private async Task CreateChallengeAsync(string token)
        {
            var name = RandomText();
            var start = DateTimeOffset.UtcNow.AddDays(random.Next(-400, 400));
            var body = new JsonObject
            {
                ["name"] = name,
                ["sport"] = Pick("run", "ride", "walk", "bowling"),
                ["goal"] = new JsonObject { ["distanceM"] = Pick<JsonNode?>(5000, 42195.5, 0, -1, 20_000_000, "far", null) },
                ["startsAt"] = random.Next(20) == 0 ? "soon" : start.ToString("O", CultureInfo.InvariantCulture),
                ["endsAt"] = start.AddDays(random.Next(-5, 400)).ToString("O", CultureInfo.InvariantCulture),
            };
            using var response = await SendAsync(HttpMethod.Post, "/v1/challenges", token, Json(body));
            if (response.StatusCode == HttpStatusCode.Created)
                challenges[JsonNode.Parse(await response.Content.ReadAsStringAsync())!["challengeId"]!.GetValue<Guid>()] = (token, Stored(name)!);
        }

        private async Task ImportAsync(string token)
        {
            var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-random.Next(1, 90)).ToUnixTimeSeconds());
            var times = Enumerable.Range(0, random.Next(1, 200)).Select(i => start.AddSeconds(i * random.Next(1, 3))).Distinct().ToList();
            var garbage = random.Next(8) == 0;
            var content = garbage ? "<not an activity" : Gpx(times);
            var fileName = random.Next(4) == 0 ? RandomText() + ".gpx" : "ride.gpx";
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
            file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\"" + HeaderSafe(fileName) + "\"" };
            form.Add(file);
            if (random.Next(3) == 0)
                form.Add(new StringContent(RandomText()), "name");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/imports") { Content = form };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Accepted)
                return;
            Expect(!garbage, "a file that is not an activity was accepted");
            var accepted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var canonical = accepted["activityId"]!.GetValue<Guid>();
            Expect(accepted["samples"]!.GetValue<int>() == times.Count, $"import: {times.Count} points sent, {accepted["samples"]} imported");
            var keys = Keys(canonical);
            foreach (var time in times)
                keys.Add((accepted["deviceId"]!.GetValue<string>(), time.ToUnixTimeMilliseconds()));
            if (!activities.ContainsKey(canonical))
                activities[canonical] = new Activity(canonical, canonical, token, "other", "", null, start) { Imported = true };
        }

        private HashSet<(string, long)> Keys(Guid canonical)
        {
            if (!stored.TryGetValue(canonical, out var keys))
                stored[canonical] = keys = [];
            return keys;
        }

        private JsonNode RandomSample(long t)
        {
            var sample = new JsonObject { ["t"] = random.Next(200) == 0 ? (JsonNode)t.ToString(CultureInfo.InvariantCulture) : t };
            void Maybe(string channel, Func<JsonNode?> value)
            {
                if (random.Next(3) == 0)
                    sample[channel] = value();
            }

            Maybe("hr", () => random.Next(100) == 0 ? "150" : random.Next(100) == 0 ? 150.5 : random.Next(10, 260));
            Maybe("power", () => random.Next(-5, 3010));
            Maybe("cadence", () => random.Next(0, 305));
            Maybe("speed", () => Math.Round(random.NextDouble() * 41, 2));
            Maybe("distance", () => Math.Round(random.NextDouble() * 50_000, 1));
            if (random.Next(3) == 0)
            {
                sample["lat"] = Math.Round(random.NextDouble() * 182 - 91, 5);
                if (random.Next(50) > 0)
                    sample["lon"] = Math.Round(random.NextDouble() * 362 - 181, 5);
            }

            Maybe("alt", () => random.Next(-1100, 10_100));
            Maybe("rr", () => new JsonArray(Enumerable.Range(0, random.Next(0, 4)).Select(_ => (JsonNode)random.Next(0, 5100)).ToArray()));
            return sample;
        }

        private string RandomText()
        {
            string[] pieces =
            [
                "Morning run", "Утренняя пробежка", "Вечерний заезд", "Ann", "Ямал", "🏃‍♀️🚴", "e\u0301", "\u00e9", "  padded  ", "\"quoted\" \\ slash",
                "\u0000", "\n", "\t", "\u001f", "\u007f", "\u0085", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u3164", "\u2800", "\u00ad", " ",
                "日本語", "عربى", "x", new string('a', random.Next(1, 120)),
            ];
            var builder = new StringBuilder();
            for (var i = random.Next(0, 5); i >= 0; i--)
                builder.Append(pieces[random.Next(pieces.Length)]);
            return builder.ToString();
        }

        private string RandomTime(DateTimeOffset around) => random.Next(12) switch
        {
            0 => "yesterday",
            1 => "1970-01-01T00:00:00Z",
            2 => DateTimeOffset.UtcNow.AddHours(1).ToString("O", CultureInfo.InvariantCulture),
            3 => around.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            _ => around.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };

        private long RandomEpoch() => random.Next(4) switch
        {
            0 => 1,
            1 => 631_152_000_000,
            2 => DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds(),
            _ => DateTimeOffset.UtcNow.AddYears(-random.Next(1, 30)).ToUnixTimeMilliseconds(),
        };

        private T Pick<T>(params T[] options) => options[random.Next(options.Length)];

        private static string Gpx(IEnumerable<DateTimeOffset> times) =>
            "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"fuzz\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><trkseg>"
            + string.Concat(times.Select((time, i) => string.Create(CultureInfo.InvariantCulture,
                $"<trkpt lat=\"{43.35 + i * 0.0001}\" lon=\"42.44\"><ele>2100</ele><time>{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}</time></trkpt>")))
            + "</trkseg></trk></gpx>";

        /// <summary>What the server stores for a name it accepts: NFC, trimmed, null when blank.</summary>
        private static string? Stored(string? name) =>
            string.IsNullOrWhiteSpace(name) ? null : name.Normalize(NormalizationForm.FormC).Trim();

        // HttpClient refuses these in a header; every other character of the name still reaches the server.
        private static string HeaderSafe(string text) => string.Concat(text.Where(c => c is not ('\r' or '\n' or '\0' or '"')));

        private static string? Escape(string? text) => text is null ? null : string.Concat(text.Select(c => c < ' ' || c > '~' ? $"\\u{(int)c:x4}" : c.ToString()));

        private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

        private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, HttpContent? body)
        {
            var request = new HttpRequestMessage(method, path) { Content = body };
            if (token is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await SendAsync(request);
        }

        private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            var response = await http.SendAsync(request);
            if ((int)response.StatusCode >= 500)
                failures.Enqueue($"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            else if (response.IsSuccessStatusCode)
                Acknowledged++;
            return response;
        }

        private void Expect(bool condition, string failure)
        {
            if (!condition)
                failures.Enqueue(failure);
        }

        private sealed record Activity(Guid Id, Guid Canonical, string Token, string Sport, string StartedAt, string? Name, DateTimeOffset Start)
        {
            public bool Imported { get; init; }
        }
    }
}
