using System.Globalization;
using FitnessDriver.Contracts;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Telemetry;

/// <summary>Parsing and checks shared by the activity endpoints.</summary>
internal static class ActivityRequests
{
    private static readonly DateTimeOffset Earliest = DateTimeOffset.FromUnixTimeMilliseconds(SampleValidation.EarliestTime);

    public const int MaxNameLength = 200;

    public static bool TryParseId(string activityId, out Guid id, out ValidationErrors errors)
    {
        errors = new ValidationErrors();
        if (!Guid.TryParse(activityId, out id) || id == Guid.Empty)
            errors.Add("activityId", "must be a UUID");
        return errors.IsEmpty;
    }

    /// <summary>Parses an ISO-8601 time; a time without an offset is taken as UTC.</summary>
    public static long? ParseTime(string? value, string field, DateTimeOffset now, ValidationErrors errors, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
                errors.Add(field, "is required: an ISO-8601 time such as 2026-12-31T21:00:00Z");
            return null;
        }

        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            errors.Add(field, "must be an ISO-8601 time such as 2026-12-31T21:00:00Z");
            return null;
        }

        if (time < Earliest || time > now + SampleValidation.MaxFutureSkew)
        {
            errors.Add(field, $"must be after {Earliest:yyyy-MM-dd} and not more than {SampleValidation.MaxFutureSkew.TotalMinutes:0} minutes in the future");
            return null;
        }

        return time.ToUnixTimeMilliseconds();
    }

    public static Sport? ParseSport(string? value, ValidationErrors errors)
    {
        if (SportNames.TryParse(value, out var sport))
            return sport;
        errors.Add("sport", $"must be one of {string.Join(", ", SportNames.All)}");
        return null;
    }

    /// <summary>Parses an optional visibility; null when absent.</summary>
    public static Visibility? ParseVisibility(string? value, ValidationErrors errors)
    {
        if (value is null)
            return null;
        if (VisibilityNames.TryParse(value, out var visibility))
            return visibility;
        errors.Add("visibility", $"must be one of {string.Join(", ", VisibilityNames.All)}");
        return null;
    }

    public static string Iso(long epochMilliseconds) => IsoTime.FromEpochMilliseconds(epochMilliseconds);
}
