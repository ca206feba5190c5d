using FitnessDriver.EventLog.Kafka;
using FitnessDriver.Hosting;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.Telemetry;

// Telemetry alone, as it runs scaled out; the all-in-one host (src/FitnessDriver.Host) composes the same registrations.
return await StartupErrors.RunAsync("fitnessdriver-telemetry", async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.UseDefaultUrl("http://127.0.0.1:5082");
    builder.AddServiceDefaults("fitnessdriver-telemetry");
    builder.Services.AddRequiredKafkaEventLog(builder.Configuration, "Telemetry");
    builder.AddTelemetry();

    var app = builder.Build();
    app.MapServiceDefaults();
    app.MapTelemetry();
    await app.RunAsync();
});
