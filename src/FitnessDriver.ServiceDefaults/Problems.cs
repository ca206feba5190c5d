using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FitnessDriver.ServiceDefaults;

/// <summary>RFC 9457 problem responses in the shape the public API documents.</summary>
public static class Problems
{
    /// <summary>A problem with a title and a detail.</summary>
    public static ProblemHttpResult Create(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    /// <summary>A validation problem naming each failing field.</summary>
    public static ProblemHttpResult Validation(int status, string title, IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = status,
            Title = title,
            Detail = string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join("; ", e.Value)}.")),
        });

    /// <summary>The standard 404: the resource does not exist or belongs to someone else.</summary>
    public static ProblemHttpResult NotFound(string what) =>
        Create(StatusCodes.Status404NotFound, "Not found", $"No {what} with that id exists for this athlete.");
}
