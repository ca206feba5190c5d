using System.Globalization;
using System.Net;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.EventLog;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Telemetry;
using FitnessDriver.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>An edge that holds only a few finished activities in memory answers for the others exactly as before.</summary>
public sealed class BoundedActivityDirectoryTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const int Capacity = 3;

    [Fact]
    public async Task Evicted_activities_get_the_same_answers_from_the_store_and_memory_stays_bounded()
    {
        await using var platform = await RunningPlatform.StartAsync(postgres, new Dictionary<string, string>
        {
            ["Telemetry:DirectoryCapacity"] = Capacity.ToString(CultureInfo.InvariantCulture),
        });
        var (ann, bob) = (await platform.NewAthleteAsync("Ann"), await platform.NewAthleteAsync("Bob"));
        var first = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).AddHours(-12);
        var finished = new List<Guid>();
        for (var i = 0; i < 12; i++)
            finished.Add(await RecordAsync(ann, first.AddHours(i)));
        var deleted = finished[1];
        await ann.DeleteActivityAsync(deleted);
        var recording = Guid.NewGuid();
        await ann.PutActivityAsync(recording, Sport.Ride, first.AddHours(11.5));
        for (var i = 0; i < 6; i++)
            await RecordAsync(bob, first.AddHours(i));
        await WaitForActivityStoreAsync(platform);

        var directory = platform.Services.GetRequiredService<ActivityDirectory>();
        Assert.InRange(directory.Count, 1, Capacity + 1);
        var old = finished[0];
        Assert.True(directory.MayHaveEvicted(old) && directory.MayHaveEvicted(deleted));

        Assert.Equal(60, (await ann.PostSamplesAsync(old, "strap", RunGenerator.Samples(first.AddSeconds(30), 60, 3))).Accepted);
        await AssertStatusAsync(HttpStatusCode.UnprocessableEntity, () => ann.PostSamplesAsync(finished[2], "strap", RunGenerator.Samples(first.AddHours(4), 60, 3)));
        await AssertStatusAsync(HttpStatusCode.NotFound, () => bob.PostSamplesAsync(finished[3], "strap", RunGenerator.Samples(first.AddHours(3), 60, 3)));
        await AssertStatusAsync(HttpStatusCode.Gone, () => ann.PostSamplesAsync(deleted, "strap", RunGenerator.Samples(first.AddHours(1), 60, 3)));
        await AssertStatusAsync(HttpStatusCode.Gone, () => ann.PutActivityAsync(deleted, Sport.Run, first.AddHours(1)));
        await AssertStatusAsync(HttpStatusCode.NotFound, () => ann.PostSamplesAsync(Guid.NewGuid(), "strap", RunGenerator.Samples(first, 60, 3)));
        var again = await ann.PutActivityWithStateAsync(finished[4], Sport.Run, first.AddHours(4));
        Assert.Equal((false, "finished", first.AddHours(4).AddSeconds(600)), (again.Created, again.State.Status, DateTimeOffset.Parse(again.State.FinishedAt!, CultureInfo.InvariantCulture)));
        var duplicate = Guid.NewGuid();
        var joined = await ann.PutActivityWithStateAsync(duplicate, Sport.Run, first.AddHours(5).AddMinutes(1));
        Assert.Equal(finished[5], joined.State.MergedInto);
        Assert.Equal(60, (await ann.PostSamplesAsync(recording, "strap", RunGenerator.Samples(first.AddHours(11.5), 60, 3))).Accepted);
        Assert.InRange(directory.Count, 1, Capacity + 2);
    }

    private static async Task<Guid> RecordAsync(FitnessDriverClient athlete, DateTimeOffset start)
    {
        var activity = Guid.NewGuid();
        await athlete.PutActivityAsync(activity, Sport.Run, start);
        await athlete.PostSamplesAsync(activity, "watch", RunGenerator.Samples(start, 600, 3));
        await athlete.FinishAsync(activity, start.AddSeconds(600));
        return activity;
    }

    private static async Task WaitForActivityStoreAsync(RunningPlatform platform)
    {
        var caughtUp = await ConsumerPositions.WaitForCatchUpAsync(platform.Services.GetRequiredService<IEventLog>(),
            platform.Services.GetRequiredService<TelemetryDatabase>(), ActivityStoreSink.GroupName, Topics.ActivityLifecycle, TimeSpan.FromSeconds(60),
            TestContext.Current.CancellationToken);
        Assert.True(caughtUp, "the activity store read the lifecycle topic");
    }

    private static async Task AssertStatusAsync(HttpStatusCode expected, Func<Task> request) =>
        Assert.Equal(expected, (await Assert.ThrowsAsync<ApiProblemException>(request)).Status);
}
