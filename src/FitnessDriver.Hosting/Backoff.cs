namespace FitnessDriver.Hosting;

/// <summary>Exponential back-off with full jitter.</summary>
public sealed class Backoff(TimeSpan initial, TimeSpan maximum)
{
    private int attempt;

    /// <summary>The delay before the next attempt.</summary>
    public TimeSpan Next()
    {
        var ceiling = Math.Min(maximum.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt++, 20)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }

    /// <summary>Starts over after a success.</summary>
    public void Reset() => attempt = 0;
}
