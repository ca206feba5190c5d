using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FitnessDriver.ServiceDefaults;

/// <summary>Writes a health report as JSON: overall status and each check with its description.</summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var detailed = context.RequestServices.GetRequiredService<ManagementAccess>().Allows(context.Request);
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            // Descriptions name internals (schemas, errors): only operators with the management token see them.
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = detailed ? e.Value.Description : null }),
        }, cancellationToken: context.RequestAborted);
    }
}
