using FitnessDriver.Contracts;
using FitnessDriver.Hosting;
using FitnessDriver.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.IdentityModel.JsonWebTokens;

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
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<ManagementAccess>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.AddTransport();
        // A hosted service that fails is logged here with its stack trace; StartupErrors reports a start-up problem in
        // one line instead, and rethrows anything else, which the runtime prints with its stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.AddObservability(serviceName);
        return builder;
    }

    /// <summary>Process defaults plus what every service has: access tokens checked against Profiles' keys and revocations, and OpenAPI.</summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.AddProcessDefaults(serviceName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SigningKeyRing>();
        builder.Services.TryAddSingleton<Revocations>();
        builder.Services.TryAddSingleton<Privacy.AthleteKeyCache>();
        builder.Services.AddSingleton<VerifiedTokens>();
        builder.Services.AddSingleton<AccessTokens>();
        builder.Services.AddSingleton<IdentityFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IdentityFeed>());
        builder.Services.AddHealthChecks().AddCheck<IdentityHealthCheck>("identity", tags: [ReadyTag]);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AccessTokens, VerifiedTokens>((options, tokens, verified) =>
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
                        context.Token ??= AccessTokens.FromHeader(context.Request);
                        if (context.Token is not null && verified.Recall(context.Token) is { } principal)
                        {
                            context.Principal = principal;
                            context.Success();
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context =>
                    {
                        if (tokens.Refusal(context.Principal!, out var session) is { } refusal)
                            context.Fail($"The token is no longer valid: {refusal}.");
                        else if (context.SecurityToken is JsonWebToken token)
                            verified.Remember(token, context.Principal!, session);
                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                        var detail = context.AuthenticateFailure is null
                            ? "Send 'Authorization: Bearer <access token>' with a token from sign-up, sign-in or refresh."
                            : "The bearer token is invalid, expired or revoked.";
                        await Problems.Create(StatusCodes.Status401Unauthorized, "Unauthorized", detail).ExecuteAsync(context.HttpContext);
                    },
                };
            });
        builder.Services.AddAuthorization();
        builder.AddRateLimits();
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer<BearerSecurityScheme>());
        return builder;
    }

    /// <summary>
    /// Data keys and privacy zones from Profiles over HTTP, for a service that seals or opens athletes' data; in a process
    /// that hosts Profiles too, Profiles' own stores were registered first and are used instead.
    /// </summary>
    public static WebApplicationBuilder AddAthleteKeysClient(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<Revocations>();
        builder.Services.TryAddSingleton<Privacy.AthleteKeyCache>();
        builder.Services.TryAddSingleton<Privacy.EventSealing>();
        builder.Services.AddHttpClient<Privacy.RemoteAthleteKeys>(http => AtProfiles(builder.Configuration, http));
        builder.Services.TryAddTransient<Privacy.IAthleteKeys>(sp => sp.GetRequiredService<Privacy.RemoteAthleteKeys>());
        builder.Services.AddHttpClient<Privacy.RemotePrivacySettings>(http => AtProfiles(builder.Configuration, http));
        builder.Services.TryAddTransient<Privacy.IPrivacySettings>(sp => sp.GetRequiredService<Privacy.RemotePrivacySettings>());
        return builder;
    }

    /// <summary>
    /// Display names from Profiles over HTTP, asked as the caller; in a process that hosts Profiles too, its direct lookup
    /// was registered first and is used instead.
    /// </summary>
    public static WebApplicationBuilder AddDisplayNamesClient(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddHttpClient<ProfilesApiDisplayNames>(http => AtProfiles(builder.Configuration, http));
        builder.Services.TryAddTransient<IDisplayNames>(sp => sp.GetRequiredService<ProfilesApiDisplayNames>());
        return builder;
    }

    private static void AtProfiles(IConfiguration configuration, HttpClient http)
    {
        if (configuration["Services:Profiles:Url"] is { Length: > 0 } url)
            http.BaseAddress = new Uri(url);
    }

    /// <summary>Problem details, health (<c>/health/live</c>, <c>/health/ready</c>) and metrics (<c>/metrics</c>).</summary>
    public static WebApplication MapProcessDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders(ForwardedHeaders.Options(app.Configuration));
        app.Use(SecurityHeaders.ApplyAsync);
        app.Use(ManagementAccess.GuardAsync);
        app.UseTransport();
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
        app.UseRateLimiter();
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }
}
