using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace FitnessDriver.ServiceDefaults;

/// <summary>
/// HTTPS: any <c>https://</c> address in <c>--urls</c> is served with the certificate Kestrel is configured with
/// (<c>Kestrel:Certificates:Default:Path</c> and <c>:KeyPath</c>, or <c>:Password</c> for a PFX), or, with
/// <c>Https:SelfSigned=true</c>, with a self-signed one generated into the data directory (<c>tls/</c>; its public half
/// <c>self-signed.crt</c> is what a client trusts). Responses over HTTPS carry HSTS.
/// </summary>
public static class Transport
{
    /// <summary>Configures the self-signed certificate when asked for.</summary>
    public static WebApplicationBuilder AddTransport(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = true;
            // Browsers ignore HSTS for IP addresses anyway; a developer's localhost should not remember it.
            hsts.ExcludedHosts.Clear();
            hsts.ExcludedHosts.Add("localhost");
        });
        if (!builder.Configuration.GetValue("Https:SelfSigned", false))
            return builder;
        var certificate = SelfSigned(Path.Combine(DataDirectory.Resolve(builder.Configuration), "tls"), builder.Configuration.GetSection("Https:HostNames").Get<string[]>() ?? []);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        return builder;
    }

    /// <summary>HSTS on requests that came over HTTPS.</summary>
    public static WebApplication UseTransport(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(context => context.Request.IsHttps, https => https.UseHsts());
        return app;
    }

    /// <summary>The certificate in <paramref name="directory"/>, created (ECDSA P-256, a year) when missing or expired.</summary>
    public static X509Certificate2 SelfSigned(string directory, IEnumerable<string> hostNames)
    {
        ArgumentNullException.ThrowIfNull(hostNames);
        Directory.CreateDirectory(directory);
        var pfx = Path.Combine(directory, "self-signed.pfx");
        if (File.Exists(pfx))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(pfx, null);
            if (existing.NotAfter > DateTime.UtcNow.AddDays(7))
                return existing;
            existing.Dispose();
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Fitness Driver (self-signed)", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        foreach (var name in hostNames)
        {
            if (IPAddress.TryParse(name, out var address))
                names.AddIpAddress(address);
            else
                names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(pfx, created.Export(X509ContentType.Pfx));
        File.WriteAllText(Path.Combine(directory, "self-signed.crt"), created.ExportCertificatePem());
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(pfx, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return X509CertificateLoader.LoadPkcs12FromFile(pfx, null);
    }
}
