using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Achievements;
using FitnessDriver.Testing;

namespace FitnessDriver.EndToEnd.Tests;

/// <summary>The host over HTTPS with a self-signed certificate it generates: a run's level-up arrives over WSS.</summary>
public sealed class HttpsTests
{
    [Fact]
    public async Task A_level_up_run_works_over_https_and_wss_with_hsts()
    {
        using var data = new TemporaryDirectory("fd-https");
        var certificatePath = Path.Combine(data.Path, "tls", "self-signed.crt");
        var environment = new Dictionary<string, string> { ["FD_DATA_DIR"] = data.Path, ["Https__SelfSigned"] = "true" };
        await using var host = await ServiceProcess.StartAsync("fitnessdriver-host", ServiceProcess.FreePort(), environment, data.Path, TimeSpan.FromMinutes(2),
            scheme: "https", handler: () => new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, c, _, _) => TrustedBy(certificatePath, c) } });

        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, c, _, _) => TrustedBy(certificatePath, c) },
        }) { BaseAddress = host.BaseAddress };
        var athlete = await FitnessDriverClient.SignUpAsync(http, "Secure");
        using (var response = await http.GetAsync(new Uri("/health/live", UriKind.Relative)))
            Assert.Contains("max-age=31536000", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);

        using var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, c, _, _) => TrustedBy(certificatePath, c);
        await socket.ConnectAsync(new UriBuilder(host.BaseAddress) { Scheme = "wss", Path = "/v1/me/notifications/stream", Query = "access_token=" + Uri.EscapeDataString(athlete.Token) }.Uri,
            TestContext.Current.CancellationToken);
        var activityId = Guid.NewGuid();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds());
        await athlete.PutActivityAsync(activityId, Sport.Run, start);
        await athlete.PostSamplesAsync(activityId, "phone", RunGenerator.Samples(start, 800, 3.0));
        Assert.Contains(AchievementTypes.LevelUp, await ReceiveUntilAsync(socket, AchievementTypes.LevelUp), StringComparison.Ordinal);

        using var plain = new HttpClient { BaseAddress = new UriBuilder(host.BaseAddress) { Scheme = "http" }.Uri };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync(new Uri("/health/live", UriKind.Relative)));
    }

    private static bool TrustedBy(string certificatePath, X509Certificate? presented)
    {
        if (presented is null || !File.Exists(certificatePath))
            return false;
        using var trusted = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = new X509Certificate2(presented);
        return chain.Build(certificate) && certificate.MatchesHostname("127.0.0.1");
    }

    private static async Task<string> ReceiveUntilAsync(ClientWebSocket socket, string type)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            var text = System.Text.Encoding.UTF8.GetString(buffer, 0, result.Count);
            if (text.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal))
                return text;
        }
    }
}
