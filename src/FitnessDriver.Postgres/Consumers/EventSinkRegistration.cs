using FitnessDriver.EventLog;
using FitnessDriver.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.Postgres.Consumers;

/// <summary>Registers a sink and the worker that runs it.</summary>
public static class EventSinkRegistration
{
    /// <summary>
    /// Registers <typeparamref name="TSink"/> as a singleton and runs it in its own <see cref="EventSinkWorker{TMessage}"/>.
    /// Several sinks of the same message type can live in one process (the all-in-one host).
    /// </summary>
    public static IServiceCollection AddEventSink<TSink, TMessage>(this IServiceCollection services)
        where TSink : class, IEventSink<TMessage>
        where TMessage : class
    {
        services.AddWorkerSupervision();
        services.AddSingleton<TSink>();
        // Not AddHostedService: it would treat a second worker of the same message type as a duplicate.
        services.AddSingleton<IHostedService>(sp => new EventSinkWorker<TMessage>(
            sp.GetRequiredService<TSink>(), sp.GetRequiredService<IEventLog>(), sp.GetRequiredService<WorkerHealth>(),
            sp.GetRequiredService<ILogger<EventSinkWorker<TMessage>>>()));
        return services;
    }
}
