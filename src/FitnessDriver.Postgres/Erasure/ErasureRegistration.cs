using FitnessDriver.Contracts.Identity;
using FitnessDriver.Postgres.Consumers;
using Microsoft.Extensions.DependencyInjection;

namespace FitnessDriver.Postgres.Erasure;

/// <summary>Registers a service's eraser and the consumer that runs it for every erased athlete.</summary>
public static class ErasureRegistration
{
    /// <summary>Registers <typeparamref name="TEraser"/> and its <see cref="ErasureSink{TEraser}"/>.</summary>
    public static IServiceCollection AddAthleteEraser<TEraser>(this IServiceCollection services)
        where TEraser : class, IAthleteEraser
    {
        services.AddSingleton<TEraser>();
        return services.AddEventSink<ErasureSink<TEraser>, AthleteErased>();
    }
}
