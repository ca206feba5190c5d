using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Activities;

namespace FitnessDriver.Telemetry.Tests;

public sealed class ActivityDirectoryTests
{
    private readonly ActivityDirectory directory = new();
    private readonly Guid activity = Guid.NewGuid();
    private readonly Guid athlete = Guid.NewGuid();

    [Fact]
    public void Replaying_an_older_start_after_the_finish_keeps_the_finish()
    {
        var started = new ActivityStarted(activity, athlete, Sport.Run, 1000, null);
        directory.Apply(started);
        directory.Apply(new ActivityFinished(activity, athlete, 5000));
        directory.Apply(started);
        Assert.Equal(5000, directory.Find(activity)!.FinishedAt);
    }

    [Fact]
    public void Another_athlete_cannot_take_over_an_activity()
    {
        directory.Apply(new ActivityStarted(activity, athlete, Sport.Run, 1000, "mine"));
        directory.Apply(new ActivityStarted(activity, Guid.NewGuid(), Sport.Ride, 2000, "theirs"));
        directory.Apply(new ActivityFinished(activity, Guid.NewGuid(), 3000));
        var entry = directory.Find(activity)!;
        Assert.Equal((athlete, Sport.Run, "mine", (long?)null), (entry.AthleteId, entry.Sport, entry.Name, entry.FinishedAt));
    }

    [Fact]
    public void A_second_finish_does_not_move_the_first()
    {
        directory.Apply(new ActivityStarted(activity, athlete, Sport.Run, 1000, null));
        directory.Apply(new ActivityFinished(activity, athlete, 5000));
        directory.Apply(new ActivityFinished(activity, athlete, 9000));
        Assert.Equal(5000, directory.Find(activity)!.FinishedAt);
    }
}
