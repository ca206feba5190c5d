using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Gamification.Rules;

namespace FitnessDriver.Gamification.Tests;

public sealed class GameRuleTests
{
    private static readonly Guid Activity = Guid.NewGuid();

    [Fact]
    public void Level_curve_starts_at_level_1_and_grows()
    {
        var curve = new LevelCurve(new LevelCurveOptions { BaseXp = 20, Exponent = 1.5 });
        Assert.Equal(0, curve.ThresholdFor(1));
        Assert.Equal(20, curve.ThresholdFor(2));
        Assert.Equal(57, curve.ThresholdFor(3));
        Assert.Equal(1, curve.LevelFor(19));
        Assert.Equal(2, curve.LevelFor(20));
        Assert.Equal(3, curve.LevelFor(57));
        Assert.Equal(10, curve.LevelFor(curve.ThresholdFor(10)));
    }

    [Fact]
    public void Cumulative_distance_crosses_each_kilometre_once()
    {
        var progress = new ActivityProgress(Activity, Guid.NewGuid(), Sport.Run);
        var track = new DeviceTrack(Activity, "watch");
        var crossed = progress.Advance(track, Samples(0, 1000, i => new Sample(i * 1000L, Distance: i * 3.0)));
        Assert.Equal([1, 2], crossed.Select(c => c.Km));
        Assert.Equal(334_000, crossed[0].T);

        var again = progress.Advance(track, Samples(0, 1000, i => new Sample(i * 1000L, Distance: i * 3.0)));
        Assert.Empty(again);
        Assert.Equal(2, progress.AwardedKm);
    }

    [Fact]
    public void Gps_only_devices_measure_their_track_and_ignore_jumps()
    {
        var track = new DeviceTrack(Activity, "phone");
        // 0.001 degrees of latitude is about 111 m.
        foreach (var sample in Samples(0, 10, i => new Sample(i * 30_000L, Lat: 43 + i * 0.001, Lon: 42)))
            track.Advance(sample);
        Assert.InRange(track.DistanceM, 1000, 1002);
        track.Advance(new Sample(301_000, Lat: 44, Lon: 42));
        Assert.InRange(track.DistanceM, 1000, 1002);
    }

    [Fact]
    public void Two_devices_recording_the_same_run_do_not_add_up()
    {
        var progress = new ActivityProgress(Activity, Guid.NewGuid(), Sport.Run);
        var byWatch = progress.Advance(new DeviceTrack(Activity, "watch"), Samples(0, 400, i => new Sample(i * 1000L, Distance: i * 3.0)));
        var byPhone = progress.Advance(new DeviceTrack(Activity, "phone"), Samples(0, 400, i => new Sample(i * 1000L, Distance: i * 3.1)));
        Assert.Equal([1], byWatch.Select(c => c.Km));
        Assert.Empty(byPhone);
        Assert.InRange(progress.DistanceM, 1236, 1237);
    }

    [Fact]
    public void Samples_out_of_order_within_a_batch_are_taken_in_time_order()
    {
        var progress = new ActivityProgress(Activity, Guid.NewGuid(), Sport.Ride);
        var crossed = progress.Advance(new DeviceTrack(Activity, "bike"), [new Sample(200_000, Distance: 1500), new Sample(100_000, Distance: 900), new Sample(0, Distance: 0)]);
        Assert.Equal([1], crossed.Select(c => c.Km));
        Assert.Equal(200_000, crossed[0].T);
    }

    [Fact]
    public void Achievement_ids_are_stable_version_5_uuids()
    {
        var id = AchievementIds.For("km:athlete:activity:1");
        Assert.Equal(id, AchievementIds.For("km:athlete:activity:1"));
        Assert.NotEqual(id, AchievementIds.For("km:athlete:activity:2"));
        Assert.Equal(5, id.Version);
    }

    [Fact]
    public void Badges_follow_sport_and_distance()
    {
        var marathon = Badges.Find("marathon")!;
        Assert.True(marathon.IsEarnedBy(Sport.Run, 42_195));
        Assert.False(marathon.IsEarnedBy(Sport.Run, 42_194));
        Assert.False(marathon.IsEarnedBy(Sport.Ride, 50_000));
        Assert.True(Badges.Find("first-km")!.IsEarnedBy(Sport.Swim, 1000));
    }

    [Fact]
    public void Xp_rates_come_from_configuration_with_a_fallback()
    {
        var options = new GamificationOptions();
        options.XpPerKm["run"] = 12;
        Assert.Equal(12, options.XpFor(Sport.Run));
        options.XpPerKm.Remove("swim");
        Assert.Equal(options.XpPerKm["other"], options.XpFor(Sport.Swim));
    }

    private static IEnumerable<Sample> Samples(int from, int count, Func<int, Sample> create) => Enumerable.Range(from, count).Select(create);
}
