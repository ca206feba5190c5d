using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Gamification;

/// <summary>The paging every leaderboard takes: <c>limit</c> entries, from the top or <c>around=me</c>.</summary>
internal static class LeaderboardQuery
{
    public const int MaxLimit = 500;

    public static void Check(int? limit, string? around, ValidationErrors errors)
    {
        if (limit is < 1 or > MaxLimit)
            errors.Add("limit", $"must be between 1 and {MaxLimit}");
        if (around is not (null or "me"))
            errors.Add("around", "can only be 'me'");
    }
}
