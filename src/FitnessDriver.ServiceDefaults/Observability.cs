using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FitnessDriver.ServiceDefaults;

/// <summary>
/// OpenTelemetry metrics (scraped at <c>/metrics</c>); with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, metrics and traces
/// are also exported over OTLP.
/// </summary>
internal static class Observability
{
    public static void AddObservability(this WebApplicationBuilder builder, string serviceName)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("FitnessDriver.*", "Npgsql")
                .AddPrometheusExporter());
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            return;
        // Traces only when they go somewhere: recording spans nobody collects costs every request.
        telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddSource("FitnessDriver.*"))
            .UseOtlpExporter();
    }
}
