using FitnessDriver.Host;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>A host with a private PostgreSQL, started by a benchmark on a data directory of its own and removed after it.</summary>
internal static class BenchHost
{
    /// <summary>Settings that lift the per-client and per-athlete limits, for benchmarks that sign up and write as fast as they can.</summary>
    public static readonly string[] NoRateLimits = ["--RateLimits:SignUpBurst=1000000", "--RateLimits:WriteBurst=1000000", "--RateLimits:WritesPerSecond=1000000"];

    /// <summary>Starts a host on <paramref name="dataDirectory"/> with quiet logs and the given settings (<c>--Section:Key=value</c>).</summary>
    public static Task<PlatformHost> StartAsync(string dataDirectory, string status, CancellationToken cancellationToken, params string[] settings) =>
        StartAsync(dataDirectory, status, PlatformServices.All, cancellationToken, settings);

    /// <summary>Starts a host of <paramref name="services"/> on <paramref name="dataDirectory"/> with quiet logs and the given settings.</summary>
    public static async Task<PlatformHost> StartAsync(string dataDirectory, string status, PlatformServices services, CancellationToken cancellationToken,
        params string[] settings)
    {
        PlatformHost host = null!;
        await AnsiConsole.Status().StartAsync(status, async _ =>
        {
            host = await PlatformHost.CreateAsync(
            [
                "--urls=http://127.0.0.1:0", $"--FD_DATA_DIR={dataDirectory}",
                "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning", "--Logging:LogLevel:FitnessDriver.Host=None",
                .. settings,
            ], services);
            await host.StartAsync(cancellationToken);
        });
        return host;
    }

    /// <summary>Removes a stopped host's data directory, with PostgreSQL's files wherever they were kept.</summary>
    public static Task RemoveAsync(string dataDirectory) =>
        LocalRuntime.RemoveDataAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["FD_DATA_DIR"] = dataDirectory }).Build());
}
