using FitnessDriver.EventLog.Kafka;
using FitnessDriver.Gamification;
using FitnessDriver.Hosting;
using FitnessDriver.ServiceDefaults;

// Gamification alone, as it runs scaled out; the all-in-one host (src/FitnessDriver.Host) composes the same registrations.
return await StartupErrors.RunAsync("fitnessdriver-gamification", async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.UseDefaultUrl("http://127.0.0.1:5084");
    builder.AddServiceDefaults("fitnessdriver-gamification");
    builder.Services.AddRequiredKafkaEventLog(builder.Configuration, "Gamification");
    builder.AddGamification();

    var app = builder.Build();
    app.MapServiceDefaults();
    app.MapGamification();
    await app.RunAsync();
});
