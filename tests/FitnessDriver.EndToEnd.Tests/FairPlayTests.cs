using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>Distance nobody could cover pays nothing, end to end.</summary>
public sealed class FairPlayTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private readonly RunningPlatform platform = fixture.Platform;

    [Fact]
    public async Task A_sample_claiming_100000_km_earns_nothing_and_the_honest_kilometre_after_it_pays()
    {
        var cheat = await platform.NewAthleteAsync("Cheat");
        var activity = Guid.NewGuid();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600);
        await cheat.PutActivityAsync(activity, Sport.Run, start);
        await cheat.PostSamplesAsync(activity, "watch", [new Sample(start.ToUnixTimeMilliseconds(), Distance: 100_000_000)]);
        await cheat.PostSamplesAsync(activity, "watch", RunGenerator.Samples(start.AddSeconds(1), 400));
        await platform.WaitForConsumersAsync();

        var progress = await cheat.GetProgressAsync();
        Assert.Equal(10, progress.Xp);
        Assert.Equal(["first-km"], progress.Badges.Select(b => b.Id));
        Assert.Equal(100_000_000, await PostgresFixture.ScalarAsync<double>(platform.ConnectionString,
            $"SELECT rejected_m FROM gamification.device_tracks WHERE activity_id = '{activity}'"));
    }
}
