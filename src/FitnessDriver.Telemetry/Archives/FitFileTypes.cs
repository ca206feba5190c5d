namespace FitnessDriver.Telemetry.Archives;

/// <summary>What a FIT file that is not an activity holds, for the reason it is skipped.</summary>
internal static class FitFileTypes
{
    /// <summary>The file_id type of an activity.</summary>
    public const int Activity = 4;

    private static readonly Dictionary<int, string> Names = new()
    {
        [1] = "a device description", [2] = "settings", [3] = "sport settings", [5] = "a workout", [6] = "a course", [7] = "schedules",
        [9] = "weight measurements", [10] = "totals", [11] = "goals", [14] = "blood pressure measurements", [15] = "monitoring (daily activity)",
        [20] = "an activity summary", [28] = "daily monitoring", [32] = "monitoring (daily activity)", [34] = "a segment", [35] = "a segment list",
        [40] = "device configuration", [44] = "metrics", [49] = "sleep data",
    };

    /// <summary>Why a FIT file of <paramref name="type"/> is not imported.</summary>
    public static string SkipReason(int type) =>
        $"a FIT file of {(Names.TryGetValue(type, out var name) ? name : $"type {type}")}, not an activity";
}
