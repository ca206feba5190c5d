namespace FitnessDriver.Contracts;

/// <summary>Event log topics. Every event is keyed by athlete id so one athlete's events stay in order.</summary>
public static class Topics
{
    /// <summary>Sample batches from live devices and imports (<see cref="Telemetry.SampleBatch"/>, binary).</summary>
    public const string TelemetrySamples = "telemetry.samples";

    /// <summary>Activity started / finished (<see cref="Activities.ActivityEvent"/>, JSON).</summary>
    public const string ActivityLifecycle = "activity.lifecycle";

    /// <summary>XP, level-ups and badges (<see cref="Achievements.Achievement"/>, JSON).</summary>
    public const string Achievements = "gamification.achievements";

    /// <summary>All topics the platform creates.</summary>
    public static IReadOnlyList<string> All { get; } = [TelemetrySamples, ActivityLifecycle, Achievements];

    /// <summary>The dead-letter topic for messages of <paramref name="topic"/> that cannot be processed.</summary>
    public static string DeadLetter(string topic) => topic + ".dlq";
}
