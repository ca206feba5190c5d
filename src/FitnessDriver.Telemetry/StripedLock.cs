namespace FitnessDriver.Telemetry;

/// <summary>Serialises work on the same key (e.g. two PUTs of one activity) without a lock object per key.</summary>
internal sealed class StripedLock(int stripes)
{
    private readonly SemaphoreSlim[] semaphores = Enumerable.Range(0, stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<IDisposable> AcquireAsync(Guid key, CancellationToken cancellationToken)
    {
        var semaphore = semaphores[(key.GetHashCode() & int.MaxValue) % semaphores.Length];
        await semaphore.WaitAsync(cancellationToken);
        return new Release(semaphore);
    }

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
                semaphore.Release();
        }
    }
}
