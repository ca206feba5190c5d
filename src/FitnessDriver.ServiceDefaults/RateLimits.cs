using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace FitnessDriver.ServiceDefaults;

/// <summary>
/// Request limits (ASP.NET Core's rate limiter), from configuration section <c>RateLimits</c>: sign-up and sign-in per
/// client address, writes per athlete. A refused request gets 429 with <c>Retry-After</c> and an audit entry. Limits
/// hold per process: scaled out, each replica counts on its own.
/// </summary>
public static class RateLimits
{
    /// <summary>The policy of <c>POST /v1/athletes</c>.</summary>
    public const string SignUp = "sign-up";

    /// <summary>The policy of sign-in and refresh.</summary>
    public const string SignIn = "sign-in";

    /// <summary>Settings of the limits.</summary>
    public sealed class Options
    {
        /// <summary>Sign-ups one address may make at once.</summary>
        public int SignUpBurst { get; set; } = 30;

        /// <summary>Sign-ups one address gets back per hour.</summary>
        public int SignUpsPerHour { get; set; } = 60;

        /// <summary>Sign-ins and refreshes one address may make per minute.</summary>
        public int SignInsPerMinute { get; set; } = 20;

        /// <summary>Writes (POST, PUT, PATCH, DELETE) one athlete may make per second, on average.</summary>
        public int WritesPerSecond { get; set; } = 20;

        /// <summary>Writes one athlete may make at once (a phone syncing after a day offline).</summary>
        public int WriteBurst { get; set; } = 200;

        /// <summary>WebSockets one athlete may hold; a new one closes the oldest.</summary>
        public int WebSocketsPerAthlete { get; set; } = 5;

        /// <summary>WebSockets one process may hold.</summary>
        public int WebSockets { get; set; } = 10_000;
    }

    /// <summary>Registers the limiter and its policies.</summary>
    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new Options();
        builder.Configuration.GetSection("RateLimits").Bind(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignUp, context => RateLimitPartition.GetTokenBucketLimiter(Address(context), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.SignUpBurst,
                TokensPerPeriod = Math.Max(1, options.SignUpsPerHour / 60),
                ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
            limiter.AddPolicy(SignIn, context => RateLimitPartition.GetFixedWindowLimiter(Address(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.SignInsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)
                    || context.User.FindFirstValue(JwtRegisteredClaimNames.Sub) is not { } athlete
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetTokenBucketLimiter(athlete, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.WriteBurst,
                        TokensPerPeriod = options.WritesPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                    }));
            limiter.OnRejected = async (rejection, cancellationToken) =>
            {
                var context = rejection.HttpContext;
                var retryAfter = rejection.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "writes";
                context.RequestServices.GetRequiredService<AuditLog>().RateLimited(policy,
                    context.User.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? Address(context), context.Request.Method, context.Request.Path);
                await Problems.Create(StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"Slow down: try again in {seconds} s.").ExecuteAsync(context);
            };
        });
        return builder;
    }

    /// <summary>The client's address (the forwarded one when a trusted proxy sent the request).</summary>
    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
