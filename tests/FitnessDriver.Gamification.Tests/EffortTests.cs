using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Gamification.Rules;

namespace FitnessDriver.Gamification.Tests;

/// <summary>Best efforts found as an activity streams in, whatever the batches, and kept across them.</summary>
public sealed class EffortTests
{
    [Fact]
    public void The_fastest_kilometre_and_five_are_found_inside_a_longer_run_across_batches()
    {
        // 10 minutes at 3 m/s, 200 s at 5 m/s (exactly 1 km), then 20 minutes at 3 m/s.
        var samples = new List<Sample>();
        double distance = 0;
        for (var t = 0; t < 3200; t++)
        {
            samples.Add(new Sample(t * 1000L, Distance: distance));
            distance += t is >= 600 and < 800 ? 5 : 3;
        }

        var progress = new ActivityProgress(Guid.NewGuid(), Guid.NewGuid(), Sport.Run);
        var track = new DeviceTrack(progress.ActivityId, "watch", 12.5);
        foreach (var batch in samples.Chunk(333))
        {
            var saved = progress.Efforts.Save();
            progress = new ActivityProgress(progress.ActivityId, progress.AthleteId, Sport.Run) { DistanceM = progress.DistanceM, Efforts = Efforts.Load(saved) };
            progress.Advance(track, batch);
        }

        Assert.Equal(200, progress.Efforts.Bests["1k"], 1);
        // The best 5 km holds the fast kilometre and 4 km at 3 m/s.
        Assert.Equal(200 + 4000 / 3.0, progress.Efforts.Bests["5k"], 1);
        Assert.False(progress.Efforts.Bests.ContainsKey("10k"));
        Assert.Equal(3199, progress.Efforts.Bests["longest"]);
        Assert.Equal("3:20", PersonalRecord.Distances[0].Record.Display(200));
        Assert.Equal("1:10:00", PersonalRecord.Longest.Display(4200));
    }

    [Fact]
    public void A_long_run_keeps_a_bounded_state_and_still_finds_its_fastest_marathon()
    {
        // 100 km: the fastest marathon is the last one, at 5 m/s after 58 km at 3 m/s.
        var efforts = new Efforts();
        double distance = 0;
        var t = 0L;
        while (distance < 100_000)
        {
            distance += distance < 57_805 ? 3 : 5;
            efforts.Observe(Sport.Run, new Sample(++t * 1000, Distance: distance), distance, "watch");
            if (t % 5000 == 0)
                efforts = Efforts.Load(efforts.Save());
        }

        Assert.InRange(efforts.Bests["marathon"], 42_195 / 5.0 - 2, 42_195 / 5.0 + 2);
        Assert.InRange(efforts.Save().Length, 0, 50_000);
    }

    [Fact]
    public void Power_bests_come_from_one_power_meter_over_each_window()
    {
        var efforts = new Efforts();
        for (var t = 0; t < 1500; t++)
        {
            var watts = t is >= 100 and < 105 ? 900 : t is >= 400 and < 700 ? 300 : 200;
            efforts.Observe(Sport.Ride, new Sample(t * 1000L, Power: watts), 0, "power-meter");
            efforts.Observe(Sport.Ride, new Sample(t * 1000L, Power: 1500), 0, "trainer");
            if (t % 250 == 0)
                efforts = Efforts.Load(efforts.Save());
        }

        var reloaded = Efforts.Load(efforts.Save());
        Assert.Equal(900, reloaded.Bests["power-5s"], 1);
        Assert.Equal(300, reloaded.Bests["power-5m"], 1);
        Assert.Equal((300 * 300 + 200 * 895 + 900 * 5) / 1200.0, reloaded.Bests["power-20m"], 1);
        Assert.Equal("power-meter", reloaded.PowerDevice);
        Assert.Equal("312 W", PersonalRecord.Powers[0].Record.Display(312.4));
    }
}
