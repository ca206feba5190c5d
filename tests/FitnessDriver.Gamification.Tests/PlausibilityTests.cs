using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices;
using FitnessDriver.Gamification.Rules;
using FitnessDriver.Testing;

namespace FitnessDriver.Gamification.Tests;

/// <summary>Honest recordings earn their distance; distance nobody could have covered earns nothing.</summary>
public sealed class PlausibilityTests
{
    private static readonly GamificationOptions Options = new();

    public static TheoryData<string, Sport> HonestFiles() => new()
    {
        { "fit/garmin-fenix-5-run.fit", Sport.Run },
        { "fit/garmin-fenix-5-walk.fit", Sport.Walk },
        { "fit/garmin-fenix-5-bike.fit", Sport.Ride },
        { "fit/garmin-edge-820-bike.fit", Sport.Ride },
        { "fit/activity-small-fenix2-run.fit", Sport.Run },
        { "tcx/test.tcx", Sport.Run },
    };

    [Theory]
    [MemberData(nameof(HonestFiles))]
    public void A_real_recording_earns_its_whole_distance(string file, Sport sport)
    {
        using var stream = File.OpenRead(RepositoryFiles.DeviceFile(file));
        var samples = ActivityFileDecoder.Decode(stream).Samples.ToList();
        var recorded = samples.Max(s => s.Distance) ?? 0;
        Assert.True(recorded > 50, $"{file} records {recorded} m");

        var (progress, track) = Feed(sport, samples);

        Assert.InRange(progress.DistanceM, recorded - 1, recorded + 1);
        Assert.Equal(0, track.RejectedM);
        Assert.Empty(progress.Reasons);
        Assert.False(progress.IsImplausible(Options.FlagImplausibleAfterM));
        // Zone 1 starts at half the maximum heart rate (93 bpm here).
        Assert.Equal(samples.Any(s => s.Hr >= 93 || s.Power > 0), progress.Effort.Points > 0);
    }

    public static TheoryData<string, Sport, double> Cheats()
    {
        var data = new TheoryData<string, Sport, double>();
        foreach (var sport in new[] { Sport.Run, Sport.Ride, Sport.Walk, Sport.Hike, Sport.Swim })
        {
            data.Add("one sample claiming 100,000 km", sport, 0);
            data.Add("a distance jump of 50 km in a second", sport, 300);
            data.Add("a GPS teleport of 50 km", sport, 300);
            data.Add("the honest minutes replayed", sport, 300);
            data.Add("a car at 36 m/s", sport, 0);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cheats))]
    public void A_cheat_earns_no_kilometre_beyond_the_honest_part(string cheat, Sport sport, double honestM)
    {
        const double speed = 1;
        var start = 1_800_000_000_000L;
        // 300 s at a speed every sport reaches, then the cheat.
        var honest = Enumerable.Range(0, 301).Select(i => new Sample(start + i * 1000L, Distance: i * speed)).ToList();
        var honestGps = Enumerable.Range(0, 301).Select(i => new Sample(start + i * 1000L, Lat: 43, Lon: 42 + East(i * speed))).ToList();
        var end = start + 300_000;
        List<Sample> samples = cheat switch
        {
            "one sample claiming 100,000 km" => [new Sample(start, Distance: 100_000_000)],
            "a distance jump of 50 km in a second" => [.. honest, new Sample(end + 1000, Distance: honest[^1].Distance + 50_000)],
            "a GPS teleport of 50 km" => [.. honestGps, new Sample(end + 1000, Lat: 43, Lon: 42 + East(50_000))],
            "the honest minutes replayed" => [.. honest, .. honest],
            _ => [.. Enumerable.Range(0, 301).Select(i => new Sample(start + i * 1000L, Lat: 43, Lon: 42 + East(i * 36.0)))],
        };

        var (progress, _) = Feed(sport, samples);

        // The honest part counts. Beyond it a cheat gets at most a device's catch-up allowance and the sport's top speed
        // until that is spent: never a kilometre, so never XP.
        Assert.True(progress.DistanceM >= honestM * speed - 1, $"{progress.DistanceM} m credited");
        Assert.True(progress.DistanceM < 1000, $"{progress.DistanceM} m credited");
        Assert.Equal(0, progress.AwardedKm);
        // Replayed samples are simply ignored; every other cheat flags the activity and says why.
        var replay = cheat == "the honest minutes replayed";
        Assert.Equal(!replay, progress.IsImplausible(Options.FlagImplausibleAfterM));
        Assert.Equal(replay ? "phone-gps" : "implausible", progress.TrustLevel(Options.FlagImplausibleAfterM));
        Assert.Equal(replay, progress.Reasons.Count == 0);
        Assert.All(progress.Reasons, r => Assert.Contains("top speed", r, StringComparison.Ordinal));
    }

    [Fact]
    public void A_distance_channel_that_starts_again_from_zero_keeps_counting_from_there()
    {
        var samples = Enumerable.Range(0, 200).Select(i => new Sample(i * 1000L, Distance: (i < 100 ? i : i - 100) * 3.0)).ToList();

        var (progress, track) = Feed(Sport.Run, samples);

        Assert.InRange(progress.DistanceM, 297 + 297 - 1, 297 + 297 + 1);
        Assert.Equal(0, track.RejectedM);
    }

    /// <summary>Degrees of longitude for <paramref name="metres"/> east at latitude 43.</summary>
    private static double East(double metres) => metres / (111_320 * Math.Cos(43 * Math.PI / 180));

    private static (ActivityProgress Progress, DeviceTrack Track) Feed(Sport sport, IEnumerable<Sample> samples)
    {
        var progress = new ActivityProgress(Guid.NewGuid(), Guid.NewGuid(), sport);
        var track = new DeviceTrack(progress.ActivityId, "device", Options.MaxSpeedFor(sport));
        // With a threshold, so that power is judged too.
        var zones = new Effort.AthleteZones(185, Effort.AthleteZones.Default, 250, Effort.AthleteZones.Set);
        foreach (var batch in samples.Chunk(100))
            progress.Advance(track, batch, zones, Options.Effort);
        return (progress, track);
    }
}
