using Xunit;

namespace FitnessDriver.Testing;

/// <summary>One running platform shared by the tests of a class (they run one after another).</summary>
public sealed class PlatformFixture(PostgresFixture postgres) : IAsyncLifetime
{
    private RunningPlatform? platform;

    /// <summary>The platform.</summary>
    public RunningPlatform Platform => platform ?? throw new InvalidOperationException("The platform has not started.");

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => platform = await RunningPlatform.StartAsync(postgres);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (platform is not null)
            await platform.DisposeAsync();
    }
}
