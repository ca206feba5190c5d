using FitnessDriver.Contracts;

namespace FitnessDriver.Telemetry.Tests;

public sealed class DuplicateDetectorTests
{
    private const long Minute = 60_000;
    private static readonly Guid Athlete = Guid.NewGuid();

    [Fact]
    public void A_file_overlapping_80_percent_of_the_shorter_recording_is_a_duplicate()
    {
        var ride = Activity(Sport.Ride, start: 0, finish: 60 * Minute);
        Assert.Equal(ride, DuplicateDetector.ForRecording([ride], Sport.Ride, 5 * Minute, 62 * Minute, now: 100 * Minute));
        Assert.Equal(ride, DuplicateDetector.ForRecording([ride], null, 10 * Minute, 20 * Minute, now: 100 * Minute));
        Assert.Null(DuplicateDetector.ForRecording([ride], Sport.Ride, 30 * Minute, 90 * Minute, now: 100 * Minute));
    }

    [Fact]
    public void Different_sports_are_not_duplicates_but_unknown_ones_may_be()
    {
        var run = Activity(Sport.Run, start: 0, finish: 60 * Minute);
        Assert.Null(DuplicateDetector.ForRecording([run], Sport.Ride, 0, 60 * Minute, now: 100 * Minute));
        var other = Activity(Sport.Other, start: 0, finish: 60 * Minute);
        Assert.Equal(other, DuplicateDetector.ForRecording([other], Sport.Ride, 0, 60 * Minute, now: 100 * Minute));
    }

    [Fact]
    public void The_largest_overlap_wins()
    {
        var morning = Activity(Sport.Run, start: 0, finish: 60 * Minute);
        var later = Activity(Sport.Run, start: 10 * Minute, finish: 65 * Minute);
        Assert.Equal(later, DuplicateDetector.ForRecording([morning, later], Sport.Run, 10 * Minute, 65 * Minute, now: 100 * Minute));
    }

    [Fact]
    public void A_live_start_joins_an_activity_only_when_both_began_at_about_the_same_time()
    {
        var imported = Activity(Sport.Ride, start: 0, finish: 100 * Minute);
        var recording = Activity(Sport.Ride, start: 0, finish: null);
        Assert.Equal(imported, DuplicateDetector.ForLiveStart([imported], Sport.Ride, 15 * Minute));
        Assert.Null(DuplicateDetector.ForLiveStart([imported], Sport.Ride, 25 * Minute));
        Assert.Null(DuplicateDetector.ForLiveStart([imported], Sport.Ride, -3 * Minute));
        Assert.Equal(recording, DuplicateDetector.ForLiveStart([recording], Sport.Ride, 4 * Minute));
        Assert.Null(DuplicateDetector.ForLiveStart([recording], Sport.Ride, 6 * Minute));
        Assert.Null(DuplicateDetector.ForLiveStart([imported], Sport.Run, 1 * Minute));
    }

    private static ActivityEntry Activity(Sport sport, long start, long? finish) => new(Guid.NewGuid(), Athlete, sport, start, null, finish);
}
