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
    /// Registers <typeparamref name="TSink"/> as a singleton and runs it in <paramref name="members"/> workers
    /// (<see cref="EventSinkWorker{TMessage}"/>), members of its consumer group that share the partitions of its topics
    /// and apply their batches side by side. Several sinks of the same message type can live in one process (the
    /// all-in-one host).
    /// </summary>
    public static IServiceCollection AddEventSink<TSink, TMessage>(this IServiceCollection services, int members = 1)
        where TSink : class, IEventSink<TMessage>
        where TMessage : class
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        services.AddWorkerSupervision();
        services.AddSingleton<TSink>();
        for (var member = 1; member <= members; member++)
        {
            var name = members == 1 ? null : $"{member}/{members}";
            // Not AddHostedService: it would treat a second worker of the same message type as a duplicate.
            services.AddSingleton<IHostedService>(sp => new EventSinkWorker<TMessage>(
                sp.GetRequiredService<TSink>(), sp.GetRequiredService<IEventLog>(), sp.GetRequiredService<WorkerHealth>(),
                sp.GetRequiredService<ILogger<EventSinkWorker<TMessage>>>(), name));
        }

        return services;
    }
}
