using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FitnessDriver.Hosting;

/// <summary>Registers the shared <see cref="WorkerHealth"/> and its readiness check.</summary>
public static class WorkerRegistration
{
    /// <summary>Health checks tagged so are part of <c>/health/ready</c>.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Adds <see cref="WorkerHealth"/> and the <c>workers</c> readiness check once, however often it is called.</summary>
    public static IServiceCollection AddWorkerSupervision(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(WorkerHealth)))
            return services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new WorkerHealth(sp.GetRequiredService<TimeProvider>()));
        services.AddHealthChecks().AddCheck<WorkerHealth>("workers", tags: [ReadyTag]);
        return services;
    }
}
