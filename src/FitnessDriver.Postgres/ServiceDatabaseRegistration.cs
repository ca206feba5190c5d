using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace FitnessDriver.Postgres;

/// <summary>Registers a service's database: the singleton, migration at start-up and a readiness check.</summary>
public static class ServiceDatabaseRegistration
{
    /// <summary>Health checks tagged so are part of <c>/health/ready</c>.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Registers <typeparamref name="TDatabase"/>.</summary>
    public static IServiceCollection AddServiceDatabase<TDatabase>(this IServiceCollection services, string name)
        where TDatabase : ServiceDatabase
    {
        services.AddSingleton<TDatabase>();
        return services.AddServiceDatabase(name, sp => sp.GetRequiredService<TDatabase>());
    }

    /// <summary>Migrates and checks a database another registration owns (one of several of a service).</summary>
    public static IServiceCollection AddServiceDatabase(this IServiceCollection services, string name, Func<IServiceProvider, ServiceDatabase> database)
    {
        services.AddSingleton<IHostedService>(sp => new Migrator(database(sp)));
        services.AddHealthChecks().Add(new HealthCheckRegistration(name,
            sp => new DatabaseHealthCheck(database(sp)), HealthStatus.Unhealthy, [ReadyTag], TimeSpan.FromSeconds(5)));
        return services;
    }

    private sealed class Migrator(ServiceDatabase database) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await database.WaitUntilMigratedAsync(stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopped (or failed to start) before the database was reached, or torn down mid-way (its connection
                // pool disposed): nothing to report.
            }
        }
    }

    private sealed class DatabaseHealthCheck(ServiceDatabase database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (!database.IsMigrated)
                return HealthCheckResult.Unhealthy($"schema {database.Schema} not migrated yet{(database.LastError is { } e ? ": " + e : "")}");
            try
            {
                await using var command = database.DataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy($"schema {database.Schema} reachable");
            }
            catch (Exception e) when (PostgresErrors.IsTransient(e) || e is OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy($"database of {database.Schema} unreachable: {e.Message}");
            }
        }
    }
}
