using System.Net;
using System.Text.Json.Nodes;

namespace FitnessDriver.Client;

/// <summary>The API answered with an error status; <see cref="Problem"/> holds its problem details when it sent any.</summary>
public sealed class ApiProblemException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ApiProblemException(HttpStatusCode status, JsonObject? problem, string? retryAfter)
        : base($"{(int)status} {status}: {problem?["detail"] ?? problem?["title"]}")
    {
        Status = status;
        Problem = problem;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception.</summary>
    public ApiProblemException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ApiProblemException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ApiProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The problem details body, if any.</summary>
    public JsonObject? Problem { get; }

    /// <summary>The Retry-After header, if any.</summary>
    public string? RetryAfter { get; }
}
