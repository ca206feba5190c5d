using FitnessDriver.EventLog.Kafka;
using FitnessDriver.Hosting;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.Social;

// Social alone, as it runs scaled out; the all-in-one host (src/FitnessDriver.Host) composes the same registrations.
return await StartupErrors.RunAsync("fitnessdriver-social", async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.UseDefaultUrl("http://127.0.0.1:5086");
    builder.AddServiceDefaults("fitnessdriver-social");
    builder.Services.AddRequiredKafkaEventLog(builder.Configuration, "Social");
    builder.AddSocial();

    var app = builder.Build();
    app.MapServiceDefaults();
    app.MapSocial();
    await app.RunAsync();
});
