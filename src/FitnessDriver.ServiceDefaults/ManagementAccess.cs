using System.Security.Cryptography;
using System.Text;
using FitnessDriver.Hosting;
using FitnessDriver.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.ServiceDefaults;

/// <summary>
/// The operators' token: <c>/metrics</c> answers only to <c>Authorization: Bearer &lt;token&gt;</c>, and the
/// descriptions of <c>/health/ready</c> (which name internals) are shown only with it; the status stays public for probes.
/// The token is <c>Management:Token</c>, or one generated into the data directory (<c>management-token</c>, 0600).
/// </summary>
public sealed class ManagementAccess
{
    private readonly byte[] token;

    /// <summary>Reads or creates the token.</summary>
    public ManagementAccess(IConfiguration configuration, ILogger<ManagementAccess> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration["Management:Token"] is { Length: > 0 } configured)
        {
            if (configured.Length < 16)
                throw new StartupException("Management:Token must be at least 16 characters.");
            token = Encoding.UTF8.GetBytes(configured);
            return;
        }

        var path = Path.Combine(DataDirectory.Resolve(configuration), "management-token");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            logger.LogInformation("/metrics needs 'Authorization: Bearer <token>' with the token in {Path} (or set Management__Token)", path);
        }

        token = Encoding.UTF8.GetBytes(File.ReadAllText(path).Trim());
    }

    /// <summary>True when the request carries the token.</summary>
    public bool Allows(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AccessTokens.FromHeader(request) is { } presented && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), token);
    }

    /// <summary>Refuses <c>/metrics</c> without the token.</summary>
    internal static Task GuardAsync(HttpContext context, RequestDelegate next) =>
        context.Request.Path.StartsWithSegments("/metrics") && !context.RequestServices.GetRequiredService<ManagementAccess>().Allows(context.Request)
            ? RefuseAsync(context)
            : next(context);

    private static Task RefuseAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Create(StatusCodes.Status401Unauthorized, "Unauthorized", "Metrics need the management token.").ExecuteAsync(context);
    }
}
