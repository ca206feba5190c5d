using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace FitnessDriver.ServiceDefaults;

/// <summary>Where a process listens when nothing says otherwise.</summary>
public static class ListenAddress
{
    /// <summary>
    /// Listens on <paramref name="url"/> unless <c>ASPNETCORE_URLS</c>, <c>--urls</c>, <c>ASPNETCORE_HTTP_PORTS</c> or Kestrel
    /// endpoints are configured (containers set <c>ASPNETCORE_HTTP_PORTS</c>).
    /// </summary>
    public static WebApplicationBuilder UseDefaultUrl(this WebApplicationBuilder builder, string url)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        if (configuration["urls"] is null && configuration["http_ports"] is null && configuration["https_ports"] is null
            && !configuration.GetSection("Kestrel:Endpoints").Exists())
            builder.WebHost.UseUrls(url);
        return builder;
    }
}
