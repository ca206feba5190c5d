using FitnessDriver.Gamification;
using FitnessDriver.Notifications;
using FitnessDriver.Profiles;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.Social;
using FitnessDriver.Telemetry;
using FitnessDriver.TimeSeries;
using Microsoft.AspNetCore.DataProtection;

namespace FitnessDriver.Host;

/// <summary>Every service in one process: what <c>dotnet run --project src/FitnessDriver.Host</c> starts.</summary>
public sealed class PlatformHost : IAsyncDisposable
{
    private readonly LocalRuntime runtime;

    private PlatformHost(WebApplication app, LocalRuntime runtime)
    {
        App = app;
        this.runtime = runtime;
    }

    /// <summary>The web application.</summary>
    public WebApplication App { get; }

    /// <summary>The addresses it listens on, once started.</summary>
    public IReadOnlyCollection<string> Urls => [.. App.Urls];

    /// <summary>Builds the host from command-line arguments and configuration; nothing listens yet.</summary>
    public static Task<PlatformHost> CreateAsync(string[] args) => CreateAsync(args, PlatformServices.All);

    /// <summary>Builds a host that runs <paramref name="services"/>; nothing listens yet.</summary>
    public static async Task<PlatformHost> CreateAsync(string[] args, PlatformServices services)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var runtime = await LocalRuntime.StartAsync(builder);
        try
        {
            builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(runtime.DataDirectory, "keys")));
            builder.AddServiceDefaults("fitnessdriver")
                .AddProfiles()
                .AddTelemetry()
                .AddTimeSeries();
            if (services == PlatformServices.All)
                builder.AddGamification().AddNotifications().AddSocial();

            var app = builder.Build();
            app.MapServiceDefaults();
            app.MapProfiles();
            app.MapTelemetry();
            app.MapTimeSeries();
            if (services == PlatformServices.All)
            {
                app.MapGamification();
                app.MapNotifications();
                app.MapSocial();
            }

            return new PlatformHost(app, runtime);
        }
        catch
        {
            await runtime.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs until Ctrl+C or SIGTERM, announcing the URL once listening.</summary>
    public Task RunAsync()
    {
        runtime.AnnounceWhenStarted(App);
        return App.RunAsync();
    }

    /// <summary>Starts listening and returns.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => App.StartAsync(cancellationToken);

    /// <summary>Stops the services, then PostgreSQL, then releases the data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await runtime.DisposeAsync();
    }
}
