using System.Globalization;

namespace FitnessDriver.Gamification.Rules;

/// <summary>A duration as the athlete reads it: 24:31, or 1:02:05 from an hour on.</summary>
public static class ElapsedText
{
    public static string Of(double seconds) => TimeSpan.FromSeconds(Math.Round(seconds)) is var time && time.TotalHours >= 1
        ? time.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : time.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
