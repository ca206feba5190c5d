using System.Collections.Concurrent;

namespace FitnessDriver.EventLog.Kafka;

/// <summary>
/// A dedicated thread for one consumer's blocking librdkafka calls (consume, commit, committed, close), so async callers
/// never block a thread-pool thread, and rebalance callbacks always run on the thread that consumes.
/// </summary>
internal sealed class ConsumerThread : IDisposable
{
    private readonly BlockingCollection<Action> work = [];
    private readonly Thread thread;

    public ConsumerThread(string name)
    {
        thread = new Thread(Run) { IsBackground = true, Name = name };
        thread.Start();
    }

    public Task<T> RunAsync<T>(Func<T> operation)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        work.Add(() =>
        {
            try
            {
                completion.SetResult(operation());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        });
        return completion.Task;
    }

    public Task RunAsync(Action operation) => RunAsync(() =>
    {
        operation();
        return true;
    });

    /// <summary>Runs <paramref name="operation"/> on the thread and waits for it; inline when already on it (inside a callback).</summary>
    public void Run(Action operation)
    {
        if (Thread.CurrentThread == thread)
            operation();
        else
            RunAsync(operation).GetAwaiter().GetResult();
    }

    private void Run()
    {
        foreach (var item in work.GetConsumingEnumerable())
            item();
    }

    /// <summary>Stops taking work without waiting for the thread, which is stuck in a call that does not return.</summary>
    public void Abandon() => work.CompleteAdding();

    public void Dispose()
    {
        work.CompleteAdding();
        if (Thread.CurrentThread != thread)
            thread.Join();
        work.Dispose();
    }
}
