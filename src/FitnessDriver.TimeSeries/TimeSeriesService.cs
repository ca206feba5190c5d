using FitnessDriver.ServiceDefaults;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Hosting;
using FitnessDriver.Postgres;
using FitnessDriver.Postgres.Consumers;
using FitnessDriver.Postgres.Deletion;
using FitnessDriver.Postgres.Erasure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FitnessDriver.TimeSeries;

/// <summary>Composition of the TimeSeries service. It needs an <see cref="EventLog.IEventLog"/> registered by the host.</summary>
public static class TimeSeriesService
{
    /// <summary>Registers the writer, the activity projection and the queries.</summary>
    public static WebApplicationBuilder AddTimeSeries(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAthleteKeysClient();
        builder.Services.AddServiceDatabase<TimeSeriesDatabase>("timeseries-database");
        builder.Services.AddSingleton<SamplePartitions>();
        var writer = builder.Configuration.GetSection(SampleWriterOptions.SectionName);
        builder.Services.Configure<SampleWriterOptions>(writer);
        var writerOptions = writer.Get<SampleWriterOptions>() ?? new SampleWriterOptions();
        if (writerOptions.Consumers is < 1 or > 64)
            throw new StartupException($"TimeSeries:Writer:Consumers is {writerOptions.Consumers}; it must be between 1 and 64 (samples writers in this process).");
        if (writerOptions.MaxBatchRecords is < 1 or > 100_000)
            throw new StartupException($"TimeSeries:Writer:MaxBatchRecords is {writerOptions.MaxBatchRecords}; it must be between 1 and 100000 (sample batches a transaction).");
        builder.Services.AddEventSink<SampleSink, SampleBatch>(writerOptions.Consumers);
        builder.Services.AddEventSink<ActivitySink, object>();
        builder.Services.AddAthleteEraser<TimeSeriesEraser>();
        builder.Services.AddActivityEraser<TimeSeriesActivityEraser>();
        // A configured priority list replaces the default one for that channel (binding would append to it).
        builder.Services.Configure<FusionOptions>(options =>
        {
            foreach (var channel in builder.Configuration.GetSection("TimeSeries:Fusion:Priority").GetChildren())
                options.Priority[channel.Key] = channel.GetChildren().Select(c => c.Value).OfType<string>().ToList();
        });
        builder.Services.AddSingleton(sp => new FusedChannels(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<FusionOptions>>().Value,
            sp.GetRequiredService<ServiceDefaults.Privacy.IAthleteKeys>()));
        builder.Services.AddSingleton<ActivityQueries>();
        builder.Services.AddSingleton<StreamQueries>();
        builder.Services.AddSingleton<IActivityTracks, TimeSeriesActivityTracks>();
        // In the all-in-one host Social answers directly; alone, TimeSeries asks the Social service.
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddHttpClient<SocialApiRelationships>(http =>
        {
            if (builder.Configuration["Services:Social:Url"] is { Length: > 0 } url)
                http.BaseAddress = new Uri(url);
        });
        builder.Services.TryAddTransient<IRelationships>(sp => sp.GetRequiredService<SocialApiRelationships>());
        builder.Services.Configure<RetentionOptions>(builder.Configuration.GetSection("TimeSeries:Retention"));
        builder.Services.AddSingleton<RawRetention>();
        builder.Services.AddHostedService<RawRetentionWorker>();
        return builder;
    }

    /// <summary>Maps the query endpoints.</summary>
    public static IEndpointRouteBuilder MapTimeSeries(this IEndpointRouteBuilder routes) => routes.MapTimeSeriesApi();
}
