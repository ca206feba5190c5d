using FitnessDriver.EventLog.Kafka;
using FitnessDriver.Hosting;
using FitnessDriver.Profiles;
using FitnessDriver.ServiceDefaults;

// Profiles alone, as it runs scaled out; the all-in-one host (src/FitnessDriver.Host) composes the same registrations.
return await StartupErrors.RunAsync("fitnessdriver-profiles", async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.UseDefaultUrl("http://127.0.0.1:5081");
    builder.AddServiceDefaults("fitnessdriver-profiles");
    builder.Services.AddRequiredKafkaEventLog(builder.Configuration, "Profiles");
    builder.AddProfiles();

    var app = builder.Build();
    app.MapServiceDefaults();
    app.MapProfiles();
    await app.RunAsync();
});
