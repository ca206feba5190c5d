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

    /// <summary>Progress and outcome of archive imports, for the athlete's notifications (<see cref="Achievements.Achievement"/>, JSON).</summary>
    public const string Imports = "telemetry.imports";

    /// <summary>Social notices (follows, kudos, comments, club invites, group sessions) for the athletes' notifications (<see cref="Achievements.Achievement"/>, JSON).</summary>
    public const string Social = "social.notices";

    /// <summary>Signing keys and revoked sessions, written by Profiles (<see cref="Identity.IdentityEvent"/>, JSON); compacted on Kafka.</summary>
    public const string Identity = "identity.events";

    /// <summary>All topics the platform creates.</summary>
    public static IReadOnlyList<string> All { get; } = [TelemetrySamples, ActivityLifecycle, Achievements, Imports, Social, Identity];

    /// <summary>Topics whose latest event per key is kept forever (Kafka <c>cleanup.policy=compact</c>) instead of expiring.</summary>
    public static IReadOnlySet<string> Compacted { get; } = new HashSet<string>(StringComparer.Ordinal) { Identity };

    /// <summary>
    /// Topics that processes read whole, from their beginning and without a consumer group, to rebuild state in
    /// memory (signing keys and revocations; the edge's activity directory). A log that cannot compact keeps them whole.
    /// </summary>
    public static IReadOnlySet<string> ReadWhole { get; } = new HashSet<string>(StringComparer.Ordinal) { Identity, ActivityLifecycle };

    /// <summary>The dead-letter topic for messages of <paramref name="topic"/> that cannot be processed.</summary>
    public static string DeadLetter(string topic) => topic + ".dlq";
}
