using System.Text;
using System.Text.Json.Nodes;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Contracts.Activities;

namespace FitnessDriver.Contracts.Tests;

public sealed class JsonEventCodecTests
{
    [Fact]
    public void Activity_events_round_trip_with_a_type()
    {
        ActivityEvent[] events =
        [
            new ActivityStarted(Guid.NewGuid(), Guid.NewGuid(), Sport.Hike, 1_798_750_800_000, "Elbrus"),
            new ActivityFinished(Guid.NewGuid(), Guid.NewGuid(), 1_798_760_800_000),
            new ActivityMerged(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()),
        ];
        foreach (var activityEvent in events)
        {
            var json = ActivityEventCodec.Encode(activityEvent);
            Assert.StartsWith("{\"type\":\"activity-", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
            Assert.Equal(activityEvent, ActivityEventCodec.Decode(json));
        }
    }

    [Fact]
    public void Unknown_activity_event_types_are_ignored_and_unknown_fields_too()
    {
        Assert.Null(ActivityEventCodec.Decode("""{"type":"activity-renamed","activityId":"0193a3c4-0000-7000-8000-000000000001"}"""u8));
        var started = ActivityEventCodec.Decode("""
            {"type":"activity-started","activityId":"0193a3c4-0000-7000-8000-000000000001","athleteId":"0193a3c4-0000-7000-8000-000000000002",
             "sport":"run","startedAt":5,"weather":"sunny"}
            """u8);
        Assert.Equal(Sport.Run, Assert.IsType<ActivityStarted>(started).Sport);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"type":"activity-started","activityId":"0193a3c4-0000-7000-8000-000000000001"}""")]
    [InlineData("""{"type":"activity-started","activityId":"x","athleteId":"y","sport":"run","startedAt":1}""")]
    [InlineData("""{"type":"activity-started","activityId":"0193a3c4-0000-7000-8000-000000000001","athleteId":"0193a3c4-0000-7000-8000-000000000002","sport":"curling","startedAt":1}""")]
    public void Broken_activity_events_are_format_errors(string json) =>
        Assert.Throws<ContractFormatException>(() => ActivityEventCodec.Decode(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Achievements_round_trip_with_their_payload()
    {
        var achievement = new Achievement(Guid.NewGuid(), Guid.NewGuid(), AchievementTypes.LevelUp, 1_798_750_800_000,
            new JsonObject { ["level"] = 3, ["previousLevel"] = 2 });
        var decoded = AchievementCodec.Decode(AchievementCodec.Encode(achievement));
        Assert.Equal(achievement.Id, decoded.Id);
        Assert.Equal(AchievementTypes.LevelUp, decoded.Type);
        Assert.Equal(3, decoded.Payload["level"]!.GetValue<int>());
        Assert.Throws<ContractFormatException>(() => AchievementCodec.Decode("""{"id":"0193a3c4-0000-7000-8000-000000000001"}"""u8));
    }
}
