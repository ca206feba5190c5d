using FitnessDriver.EventLog.Kafka;
using FitnessDriver.Hosting;
using FitnessDriver.Notifications;
using FitnessDriver.ServiceDefaults;

// Notifications alone, as it runs scaled out; the all-in-one host (src/FitnessDriver.Host) composes the same registrations.
return await StartupErrors.RunAsync("fitnessdriver-notifications", async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.UseDefaultUrl("http://127.0.0.1:5085");
    builder.AddServiceDefaults("fitnessdriver-notifications");
    builder.Services.AddRequiredKafkaEventLog(builder.Configuration, "Notifications");
    builder.AddNotifications();

    var app = builder.Build();
    app.MapServiceDefaults();
    app.MapNotifications();
    await app.RunAsync();
});
