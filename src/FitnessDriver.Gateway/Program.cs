using FitnessDriver.Gateway;
using FitnessDriver.Hosting;
using FitnessDriver.ServiceDefaults;

return await StartupErrors.RunAsync("fitnessdriver-gateway", async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.UseDefaultUrl("http://127.0.0.1:5080");
    builder.AddProcessDefaults("fitnessdriver-gateway");
    // Imports may be large; each service applies its own, tighter limits.
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 130L * 1024 * 1024);
    builder.Services.AddReverseProxy().LoadFromMemory(ApiRoutes.Routes, ApiRoutes.Clusters(builder.Configuration));
    builder.Services.AddHttpClient(nameof(ServicesReachableHealthCheck), http => http.Timeout = TimeSpan.FromSeconds(2));
    builder.Services.AddHealthChecks().AddCheck<ServicesReachableHealthCheck>("services", tags: [ServiceDefaultsExtensions.ReadyTag]);

    var app = builder.Build();
    app.MapProcessDefaults();
    app.MapReverseProxy();
    await app.RunAsync();
});
