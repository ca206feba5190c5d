using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.EventLog;
using FitnessDriver.EventLog.Embedded;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>
/// The private cluster inherits the machine's time zone. Samples on either side of a month boundary (in UTC and in
/// the server's local time) must all be stored.
/// </summary>
public sealed class TimeZoneTests
{
    public static TheoryData<string> Zones() => new("Europe/Moscow", "America/Los_Angeles");

    [Theory]
    [MemberData(nameof(Zones))]
    public async Task Every_acknowledged_sample_around_month_boundaries_is_stored_whatever_the_server_time_zone(string zone)
    {
        using var data = new TemporaryDirectory("fd-tz");
        var environment = new Dictionary<string, string> { ["FD_DATA_DIR"] = data.Path, ["TZ"] = zone };
        var host = await ServiceProcess.StartAsync("fitnessdriver-host", ServiceProcess.FreePort(), environment, data.Path, TimeSpan.FromMinutes(2));
        var expected = new Dictionary<Guid, int>();
        try
        {
            using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            var athlete = await FitnessDriverClient.SignUpAsync(http, "Zone");
            var thisMonth = new DateTimeOffset(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1, 0, 0, 0, TimeSpan.Zero);
            // One activity in the last twelve hours of a month, another in the first twelve of a month two months
            // earlier: each alone in its month, so no neighbouring partition covers for a bound read in local time.
            foreach (var start in new[] { thisMonth.AddHours(-12), thisMonth.AddMonths(-3) })
            {
                var samples = Enumerable.Range(0, 12 * 60).Select(minute => new Sample(start.AddMinutes(minute).ToUnixTimeMilliseconds(), Hr: 100 + minute % 50)).ToList();
                var activityId = Guid.NewGuid();
                await athlete.PutActivityAsync(activityId, Sport.Walk, start);
                Assert.Equal(samples.Count, (await athlete.PostSamplesAsync(activityId, "watch", samples)).Accepted);
                expected[activityId] = samples.Count;
            }

            foreach (var (activityId, count) in expected)
            {
                await Eventually.MatchesAsync(() => athlete.GetActivityAsync(activityId), s => s.SampleCount == count,
                    TimeSpan.FromMinutes(1), $"all {count} samples of {activityId} stored under TZ={zone}");
            }
        }
        finally
        {
            await host.StopAsync(TimeSpan.FromMinutes(1));
        }

        await using var log = new EmbeddedEventLog(new EmbeddedEventLogOptions { Directory = Path.Combine(data.Path, "log") });
        await using var deadLetters = log.Subscribe(new ConsumerOptions(null, Topics.All.Select(Topics.DeadLetter).ToList()));
        Assert.Empty(await deadLetters.ConsumeAsync(100, TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken));
    }
}
