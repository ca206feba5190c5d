using System.Data.Common;
using System.Globalization;
using FitnessDriver.EventLog;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.ServiceDefaults;

/// <summary>
/// Answers exceptions with problem details: the client's mistakes ASP.NET detects (oversized body, bad form) keep
/// their 4xx status, a log that cannot accept answers 503 with Retry-After, anything else is a 500 without internals.
/// </summary>
public sealed class ClientErrorExceptionHandler(IProblemDetailsService problems, ILogger<ClientErrorExceptionHandler> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            EventLogUnavailableException => (StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable",
                "The platform cannot accept data right now; nothing from this request was kept. Retry later."),
            DbException { IsTransient: true } => (StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable",
                "The database is unavailable right now. Retry later."),
            Privacy.AthleteErasedException => (StatusCodes.Status401Unauthorized, "Unauthorized", "The athlete does not exist."),
            Hosting.RetryLaterException => (StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable",
                "A service this request needs is unavailable right now; nothing from this request was kept. Retry later."),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "Client closed request", "The client went away."),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "Something went wrong on our side; the request may be retried."),
        };

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            var retryAfter = exception is EventLogUnavailableException log ? log.RetryAfter : TimeSpan.FromSeconds(5);
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            logger.LogWarning("Refused {Method} {Path}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        }
        else if (status >= 500)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
