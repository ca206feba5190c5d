using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Gamification.Effort;
using FitnessDriver.Gamification.Rules;

namespace FitnessDriver.Gamification.Tests;

public sealed class EffortXpTests
{
    private static readonly EffortOptions Options = new();
    private static readonly GamificationOptions Game = new();
    private static readonly int[] HeartRates = [99, 100, 120, 140, 160, 180];
    private static readonly int[] Powers = [100, 110, 180, 240];

    public static TheoryData<string, Sport, double, int, int?, int?, int> Workouts() => new()
    {
        // name, sport, speed m/s, heart rate, power, ftp, minutes → effort XP beyond the kilometres' XP
        { "brisk walk in zone 3", Sport.Walk, 1.4, 135, null, null, 60 },
        { "easy walk in zone 2", Sport.Walk, 1.2, 115, null, null, 60 },
        { "run: kilometres pay more than effort", Sport.Run, 3.2, 150, null, null, 45 },
        { "swim: kilometres pay more than effort", Sport.Swim, 0.8, 140, null, null, 45 },
        { "trainer ride by power in zone 2", Sport.Ride, 0, 110, 200, 250, 30 },
        { "trainer ride by heart rate without a threshold", Sport.Ride, 0, 150, 200, null, 30 },
    };

    [Theory]
    [MemberData(nameof(Workouts))]
    public void Effort_tops_up_what_the_kilometres_earn(string name, Sport sport, double speed, int hr, int? power, int? ftp, int minutes)
    {
        var activity = Record(sport, minutes, t => new Sample(t * 1000L, Hr: hr, Power: power, Cadence: power is null ? null : 85,
            Distance: speed > 0 ? t * speed : null), new AthleteZones(185, AthleteZones.Default, ftp, ftp is null ? null : AthleteZones.Set));
        var perMinute = ftp is { } threshold ? Options.RateOf(new AthleteZones(185, "", threshold, "").PowerZone(power!.Value))
            : Options.RateOf(new AthleteZones(185, "", null, null).HeartRateZone(hr));
        var distanceXp = activity.DistanceM / 1000 * Game.XpFor(sport);
        var expected = Math.Max(0, (int)(perMinute * minutes - distanceXp) / Options.Step * Options.Step);
        Assert.True(expected == activity.Effort.XpPaid, $"{name}: expected {expected} effort XP, got {activity.Effort.XpPaid}");
        Assert.Empty(activity.Reasons);
    }

    [Fact]
    public void A_brisk_hour_walking_earns_15_effort_xp_beyond_its_5_km_and_half_an_hour_on_a_trainer_30()
    {
        var walk = Record(Sport.Walk, 60, t => new Sample(t * 1000L, Hr: 135, Distance: t * 1.4), Zones());
        Assert.Equal(15, walk.Effort.XpPaid);
        var trainer = Record(Sport.Ride, 30, t => new Sample(t * 1000L, Power: 230, Cadence: 85), new AthleteZones(185, "", 250, ""));
        Assert.Equal(30, trainer.Effort.XpPaid);
    }

    public static TheoryData<string, Func<long, Sample>, string> Cheats() => new()
    {
        { "a heart rate no human has", t => new Sample(t * 1000L, Hr: 250), "heart rates outside 30–230 bpm" },
        { "a sprinter's power for half an hour", t => new Sample(t * 1000L, Power: 3_000, Cadence: 90), "power above 2500 W" },
        { "power while the cranks stand still", t => new Sample(t * 1000L, Power: 300, Cadence: 0), "cadence 0" },
    };

    [Theory]
    [MemberData(nameof(Cheats))]
    public void Readings_no_body_or_bike_produces_earn_nothing_and_say_why(string name, Func<long, Sample> sample, string reason)
    {
        var activity = Record(Sport.Ride, 30, sample, new AthleteZones(185, "", 250, ""));
        Assert.True(activity.Effort.XpPaid == 0, name);
        Assert.Contains(activity.Reasons, r => r.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_device_does_not_add_effort_and_pauses_earn_nothing()
    {
        var activity = new ActivityProgress(Guid.NewGuid(), Guid.NewGuid(), Sport.Ride);
        var zones = Zones();
        activity.Advance(new DeviceTrack(activity.ActivityId, "strap"), Minutes(0, 20, t => new Sample(t * 1000L, Hr: 150)), zones, Options);
        activity.Advance(new DeviceTrack(activity.ActivityId, "watch"), Minutes(0, 20, t => new Sample(t * 1000L, Hr: 170)), zones, Options);
        var twenty = activity.Effort.Points;
        Assert.InRange(twenty, 20 * 1.5 - 0.1, 20 * 1.5);
        activity.Advance(new DeviceTrack(activity.ActivityId, "strap2"), Minutes(60, 61, t => new Sample(t * 1000L, Hr: 150)), zones, Options);
        Assert.InRange(activity.Effort.Points - twenty, 0, 1.5 * 61.0 / 60);
    }

    [Fact]
    public void A_trainers_power_without_a_threshold_does_not_shut_out_the_heart_rate_strap()
    {
        var activity = new ActivityProgress(Guid.NewGuid(), Guid.NewGuid(), Sport.Ride);
        activity.Advance(new DeviceTrack(activity.ActivityId, "trainer"), Minutes(0, 10, t => new Sample(t * 1000L, Power: 200, Cadence: 85)), Zones(), Options);
        activity.Advance(new DeviceTrack(activity.ActivityId, "strap"), Minutes(0, 10, t => new Sample(t * 1000L, Hr: 150)), Zones(), Options);
        Assert.Equal("strap", activity.Effort.Device);
        Assert.InRange(activity.Effort.Points, 10 * 1.5 - 0.1, 10 * 1.5 + 1e-6);
    }

    [Fact]
    public void Zones_come_from_what_the_athlete_set_else_what_they_held_else_defaults()
    {
        Assert.Equal(new AthleteZones(190, AthleteZones.Set, 260, AthleteZones.Set), AthleteZones.From(190, 260, 200, 300, Options));
        Assert.Equal(new AthleteZones(196, AthleteZones.Estimated, 285, AthleteZones.Estimated), AthleteZones.From(null, null, 196, 300, Options));
        Assert.Equal(new AthleteZones(185, AthleteZones.Default, null, null), AthleteZones.From(null, null, 170, null, Options));
        var zones = AthleteZones.From(200, 200, null, null, Options);
        Assert.Equal([0, 1, 2, 3, 4, 5], HeartRates.Select(zones.HeartRateZone));
        Assert.Equal([0, 1, 3, 5], Powers.Select(zones.PowerZone));
    }

    private static AthleteZones Zones() => new(185, AthleteZones.Default, null, null);

    private static ActivityProgress Record(Sport sport, int minutes, Func<long, Sample> sample, AthleteZones zones)
    {
        var activity = new ActivityProgress(Guid.NewGuid(), Guid.NewGuid(), sport);
        activity.Advance(new DeviceTrack(activity.ActivityId, "device", Game.MaxSpeedFor(sport)), Minutes(0, minutes, sample), zones, Options);
        activity.EffortStepsDue(Game.XpFor(sport), Options.Step);
        return activity;
    }

    private static List<Sample> Minutes(int from, int to, Func<long, Sample> sample) => [.. Enumerable.Range(from * 60, (to - from) * 60 + 1).Select(t => sample(t))];
}
