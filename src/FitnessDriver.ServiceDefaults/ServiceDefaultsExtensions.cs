using FitnessDriver.Contracts;
using FitnessDriver.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace FitnessDriver.ServiceDefaults;

/// <summary>Registration and endpoints every Fitness Driver process has, whether it hosts one service or all.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Tag of health checks that say the process is alive.</summary>
    public const string LiveTag = "live";

    /// <summary>Tag of health checks that say the process can serve (its dependencies answer).</summary>
    public const string ReadyTag = "ready";

    /// <summary>What every process has, the gateway included: JSON conventions, problem details, one-line logs, health checks and OpenTelemetry.</summary>
    public static WebApplicationBuilder AddProcessDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.ConfigureHttpJsonOptions(o => ContractJson.Apply(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ClientErrorExceptionHandler>();
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.AddHealthChecks().AddCheck("process", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddWorkerSupervision();
        // A hosted service that fails to start is logged here with its stack trace; StartupErrors reports a start-up
        // problem in one line instead, and rethrows anything else with its stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.AddObservability(serviceName);
        return builder;
    }

    /// <summary>Process defaults plus what every service has: athlete tokens and OpenAPI.</summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.AddProcessDefaults(serviceName);
        builder.Services.AddSingleton<AthleteTokens>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AthleteTokens>((options, tokens) =>
            {
                options.TokenValidationParameters = tokens.ValidationParameters;
                options.MapInboundClaims = false;
                options.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on a WebSocket handshake, so the stream also takes the token in the query.
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Query.TryGetValue("access_token", out var token) && context.Request.Path.Value?.EndsWith("/stream", StringComparison.Ordinal) == true)
                            context.Token = token;
                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                        var detail = context.AuthenticateFailure is null
                            ? "Send 'Authorization: Bearer <token>' with the token from POST /v1/athletes."
                            : "The bearer token is invalid or expired.";
                        await Problems.Create(StatusCodes.Status401Unauthorized, "Unauthorized", detail).ExecuteAsync(context.HttpContext);
                    },
                };
            });
        builder.Services.AddAuthorization();
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>Problem details, health (<c>/health/live</c>, <c>/health/ready</c>) and metrics (<c>/metrics</c>).</summary>
    public static WebApplication MapProcessDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/health/live", new() { Predicate = c => c.Tags.Contains(LiveTag), ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(ReadyTag) || c.Tags.Contains(LiveTag), ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>Process defaults plus WebSockets, authentication and OpenAPI (<c>/openapi/v1.json</c>).</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.MapProcessDefaults();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }
}
