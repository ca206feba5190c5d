using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Gamification.Rules;

namespace FitnessDriver.Gamification.Tests;

public sealed class ActivityMotionTests
{
    [Fact]
    public void Moving_time_leaves_out_standing_still_and_pauses()
    {
        var motion = new ActivityMotion();
        var distance = 0.0;
        for (var s = 0; s <= 600; s++)
        {
            // 5 minutes running, 2 standing, then a 10-minute pause without samples, then 1 more minute running.
            if (s is > 300 and <= 420)
            {
                motion.Observe(new Sample(s * 1000L, Distance: distance), "watch", distance);
                continue;
            }

            if (s is > 420 and < 1020)
                continue;
            distance += 3;
            motion.Observe(new Sample(s * 1000L, Distance: distance), "watch", distance);
        }

        for (var s = 1020; s <= 1080; s++)
            motion.Observe(new Sample(s * 1000L, Distance: distance += 3), "watch", distance);
        Assert.Equal(360_000, motion.MovingMs);
    }

    [Fact]
    public void A_trainer_ride_moves_by_power_or_cadence()
    {
        var motion = new ActivityMotion();
        for (var s = 0; s <= 60; s++)
            motion.Observe(new Sample(s * 1000L, Power: s < 30 ? 200 : 0, Cadence: s < 45 ? 85 : 0), "trainer", 0);
        Assert.Equal(44_000, motion.MovingMs);
    }

    [Fact]
    public void Elevation_counts_climbs_not_noise_or_jumps_and_only_one_devices_altitude()
    {
        var motion = new ActivityMotion();
        var t = 0L;
        void Reading(double alt, string device = "watch") => motion.Observe(new Sample(t += 1000, Alt: (float)alt), device, 0);
        for (var i = 0; i < 300; i++)
            Reading(100 + (i % 2 == 0 ? 1.2 : -1.2)); // ±1.2 m of altimeter noise for 5 minutes
        Assert.Equal(0, motion.ElevationGainM);
        for (var i = 0; i <= 100; i++)
            Reading(100 + i * 0.5); // 50 m up at 0.5 m/s
        Assert.InRange(motion.ElevationGainM, 48, 52);
        Reading(900, "phone"); // another device's altitude is ignored
        var climbed = motion.ElevationGainM;
        Reading(400); // 250 m in a second
        Reading(401);
        Assert.Equal(climbed, motion.ElevationGainM);
    }

    [Fact]
    public void A_heart_rate_strap_sending_first_does_not_hide_the_phones_moving_time()
    {
        var motion = new ActivityMotion();
        for (var s = 0; s <= 120; s++)
            motion.Observe(new Sample(s * 1000L, Hr: 140), "strap", 0);
        for (var s = 0; s <= 120; s++)
            motion.Observe(new Sample(s * 1000L, Distance: s * 3.0), "phone", s * 3.0);
        Assert.Equal(120_000, motion.MovingMs);
    }
}
