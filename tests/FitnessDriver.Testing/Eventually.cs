namespace FitnessDriver.Testing;

/// <summary>Waits for asynchronous effects (consumers run behind the API) without fixed sleeps.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or Client.ApiProblemException)
            {
                last = e;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.", last);
    }

    /// <summary>Polls <paramref name="read"/> until <paramref name="accept"/> holds for its value, and returns that value.</summary>
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> read, Func<T, bool> accept, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(accept);
        T value = default!;
        await TrueAsync(async () => accept(value = await read()), timeout, what);
        return value;
    }
}
