using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Social;

/// <summary>The <c>cursor</c> and <c>limit</c> of a paged list.</summary>
internal static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>A 400 naming what is wrong, or null and where the page starts.</summary>
    public static IResult? Check(string? cursor, int? limit, out PageCursor after)
    {
        var errors = new ValidationErrors();
        if (limit is < 1 or > MaxLimit)
            errors.Add("limit", $"must be between 1 and {MaxLimit}");
        if (!PageCursor.TryParse(cursor, out after))
            errors.Add("cursor", "is not a cursor this list gave");
        return errors.IsEmpty ? null : Problems.Validation(StatusCodes.Status400BadRequest, "Invalid query", errors.ToDictionary());
    }
}
