using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Activities;

namespace FitnessDriver.Telemetry.Tests;

/// <summary>The directory holds every recording activity and a bounded number of settled ones, and knows what it evicted.</summary>
public sealed class BoundedActivityDirectoryTests
{
    private const int Capacity = 10;
    private readonly ActivityDirectory directory = new(Capacity);
    private readonly Guid athlete = Guid.NewGuid();

    [Fact]
    public void Settled_activities_beyond_the_capacity_are_evicted_least_recently_used_first_and_recording_ones_never()
    {
        var recording = Enumerable.Range(0, 30).Select(_ => Start(Guid.NewGuid())).ToList();
        var finished = Enumerable.Range(0, 50).Select(i => Finish(Start(Guid.NewGuid()))).ToList();
        var deleted = Guid.NewGuid();
        Assert.NotNull(directory.Find(finished[^Capacity]));
        directory.Apply(new ActivityDeleted(deleted, athlete, 1));

        Assert.Equal(30 + Capacity, directory.Count);
        Assert.All(recording, id => Assert.NotNull(directory.Find(id)));
        Assert.True(directory.IsDeleted(deleted));
        Assert.NotNull(directory.Find(finished[^Capacity]));
        Assert.All(finished[..^Capacity].Append(finished[^(Capacity - 1)]), id => Assert.True(directory.Find(id) is null && directory.MayHaveEvicted(id)));
        Assert.True(directory.MayMissActivitiesOf(athlete));
        Assert.False(directory.MayHaveEvicted(Guid.NewGuid()));
        Assert.False(directory.MayMissActivitiesOf(Guid.NewGuid()));
    }

    [Fact]
    public void An_event_read_from_the_log_for_an_evicted_activity_is_left_to_the_store()
    {
        var old = Finish(Start(Guid.NewGuid()));
        Enumerable.Range(0, Capacity).ToList().ForEach(_ => Finish(Start(Guid.NewGuid())));
        Assert.True(directory.MayHaveEvicted(old));

        directory.ApplyFromLog(new ActivityStarted(old, athlete, Sport.Run, 1000, "renamed", Visibility: Visibility.OnlyMe));

        Assert.Null(directory.Find(old));
        Assert.Equal(1, directory.EventsSkipped);
    }

    [Fact]
    public void What_the_store_gives_back_is_held_again_and_makes_the_athlete_complete_unless_the_log_moved_meanwhile()
    {
        var old = Finish(Start(Guid.NewGuid()));
        var other = Guid.NewGuid();
        Enumerable.Range(0, Capacity).ToList().ForEach(_ => Finish(Start(Guid.NewGuid(), other)));
        var fromStore = new KnownActivity(old, athlete, new ActivityEntry(old, athlete, Sport.Run, 1000, null, 2000));

        var skipped = directory.EventsSkipped;
        directory.ApplyFromLog(new ActivityFinished(old, athlete, 3000));
        Assert.False(directory.Restore([fromStore], skipped, athlete));
        Assert.True(directory.Restore([fromStore], directory.EventsSkipped, athlete));

        Assert.Equal(2000, directory.Find(old)!.FinishedAt);
        Assert.False(directory.MayMissActivitiesOf(athlete));
        Assert.Equal(Capacity + 1, directory.Count);
    }

    [Fact]
    public void Events_apply_alike_in_the_directory_and_the_store()
    {
        var id = Guid.NewGuid();
        ActivityEvent[] events =
        [
            new ActivityStarted(id, athlete, Sport.Run, 1000, "a"), new ActivityFinished(id, athlete, 5000), new ActivityStarted(id, Guid.NewGuid(), Sport.Ride, 1, "b"),
            new ActivityStarted(id, athlete, Sport.Run, 1000, "c"), new ActivityFinished(id, athlete, 9000), new ActivityMerged(id, athlete, Guid.Empty),
        ];
        foreach (var activityEvent in events)
            directory.Apply(activityEvent);

        var known = events.Aggregate((KnownActivity?)null, KnownActivity.Apply);

        Assert.Equal(new ActivityEntry(id, athlete, Sport.Run, 1000, "c", 5000, Guid.Empty), known!.Entry);
        Assert.Equal(known.Entry, directory.Find(id));
        Assert.True(KnownActivity.Apply(known, new ActivityDeleted(id, athlete, 1))!.IsDeleted);
    }

    private Guid Start(Guid id, Guid? owner = null)
    {
        directory.Apply(new ActivityStarted(id, owner ?? athlete, Sport.Run, 1000, null));
        return id;
    }

    private Guid Finish(Guid id)
    {
        directory.Apply(new ActivityFinished(id, directory.Find(id)!.AthleteId, 2000));
        return id;
    }
}
