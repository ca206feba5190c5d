using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using FitnessDriver.ServiceDefaults;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FitnessDriver.Profiles.Export;

/// <summary>
/// Where Profiles reaches the public API of the other services, for exports: <c>Services:Gateway:Url</c> (when the
/// services run apart), else this process's own address (the all-in-one host, where every service listens).
/// </summary>
public sealed class PlatformApi(IConfiguration configuration, IServer server) : IDisposable
{
    private readonly ConcurrentDictionary<Uri, HttpClient> clients = new();

    /// <summary>A client of the public API.</summary>
    public HttpClient Http => clients.GetOrAdd(configuration["Services:Gateway:Url"] is { Length: > 0 } configured ? new Uri(configured) : OwnAddress(), Create);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in clients.Values)
            client.Dispose();
    }

    private Uri OwnAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var chosen = addresses.OrderBy(a => a.StartsWith("https", StringComparison.OrdinalIgnoreCase)).FirstOrDefault()
            ?? throw new InvalidOperationException("This process does not listen anywhere; set Services:Gateway:Url to the platform's API.");
        var uri = new UriBuilder(chosen.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::" or "localhost")
            uri.Host = "127.0.0.1";
        return uri.Uri;
    }

    private HttpClient Create(Uri address)
    {
        var handler = new SocketsHttpHandler();
        // Calling itself over HTTPS with the certificate it generated: trust exactly that one.
        if (address.IsLoopback && configuration.GetValue("Https:SelfSigned", false))
        {
            var own = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(DataDirectory.Resolve(configuration), "tls", "self-signed.crt"));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || certificate?.GetCertHashString() == own.GetCertHashString();
        }

        return new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    }
}
