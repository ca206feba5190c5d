using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace FitnessDriver.ServiceDefaults;

/// <summary>
/// Which proxies may say who the client is (<c>X-Forwarded-For</c>, <c>X-Forwarded-Proto</c>): loopback always (the
/// gateway on the same machine), and the networks in <c>Network:TrustedProxies</c> (CIDRs, e.g. the cluster's pod
/// network). Rate limits and audit entries use the address they give.
/// </summary>
internal static class ForwardedHeaders
{
    public static ForwardedHeadersOptions Options(IConfiguration configuration)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
        };
        foreach (var network in configuration.GetSection("Network:TrustedProxies").Get<string[]>() ?? [])
        {
            if (!System.Net.IPNetwork.TryParse(network, out var parsed))
                throw new Hosting.StartupException($"Network:TrustedProxies holds '{network}', which is not a network such as 10.0.0.0/8.");
            options.KnownIPNetworks.Add(parsed);
        }

        options.KnownProxies.Add(IPAddress.IPv6Loopback);
        return options;
    }
}
