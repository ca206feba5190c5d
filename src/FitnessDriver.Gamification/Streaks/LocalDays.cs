using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Gamification.Streaks;

/// <summary>Splits samples by the athlete's local day, in time order; a batch within one day (nearly all) is not copied.</summary>
internal static class LocalDays
{
    public static IEnumerable<(DateOnly Day, IReadOnlyList<Sample> Samples)> Split(IReadOnlyList<Sample> samples, GameSettings settings)
    {
        if (samples.Count == 0)
            yield break;
        var (first, last) = (settings.DayOf(samples.Min(s => s.T)), settings.DayOf(samples.Max(s => s.T)));
        if (first == last)
        {
            yield return (first, samples);
            yield break;
        }

        foreach (var day in samples.GroupBy(s => settings.DayOf(s.T)).OrderBy(g => g.Key))
            yield return (day.Key, day.ToList());
    }
}
