using FitnessDriver.EventLog.Kafka;
using FitnessDriver.Hosting;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.TimeSeries;

// TimeSeries alone, as it runs scaled out; the all-in-one host (src/FitnessDriver.Host) composes the same registrations.
return await StartupErrors.RunAsync("fitnessdriver-timeseries", async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.UseDefaultUrl("http://127.0.0.1:5083");
    builder.AddServiceDefaults("fitnessdriver-timeseries");
    builder.Services.AddRequiredKafkaEventLog(builder.Configuration, "TimeSeries");
    builder.AddTimeSeries();

    var app = builder.Build();
    app.MapServiceDefaults();
    app.MapTimeSeries();
    await app.RunAsync();
});
