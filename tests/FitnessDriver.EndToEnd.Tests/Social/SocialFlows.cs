using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests.Social;

/// <summary>What the social tests do over and over: record a run, read the notifications of a type.</summary>
internal static class SocialFlows
{
    /// <summary>Records and finishes a run of <paramref name="seconds"/> at 3 m/s with GPS, ending <paramref name="endedSecondsAgo"/> seconds and <paramref name="hoursAgo"/> hours ago.</summary>
    public static async Task<Guid> RunAsync(FitnessDriverClient athlete, Visibility visibility = Visibility.Everyone, int seconds = 400, int hoursAgo = 0,
        int endedSecondsAgo = 60)
    {
        var activity = Guid.NewGuid();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds - endedSecondsAgo - hoursAgo * 3600);
        await athlete.PutActivityWithStateAsync(activity, Sport.Run, start, visibility: visibility);
        await athlete.PostSamplesAsync(activity, "watch", RunGenerator.Samples(start, seconds, speed: 3));
        await athlete.FinishAsync(activity, start.AddSeconds(seconds));
        return activity;
    }

    /// <summary>The athlete's notifications of <paramref name="type"/>.</summary>
    public static async Task<List<NotificationItem>> NoticesAsync(FitnessDriverClient athlete, string type) =>
        [.. (await athlete.GetNotificationsAsync()).Items.Where(n => n.Type == type)];

    /// <summary>The activity items of the athlete's feed.</summary>
    public static async Task<List<Guid>> FeedActivitiesAsync(FitnessDriverClient athlete) =>
        [.. (await athlete.GetFeedAsync()).Items.Where(i => i.Type == "activity").Select(i => i.ActivityId!.Value)];
}
