namespace FitnessDriver.Telemetry.Archives;

/// <summary>
/// Lets files imported side by side take one step in the order of their numbers: each file's activity and samples reach
/// the log after the one before it, so history arrives oldest first, while reading and decoding the files overlap.
/// </summary>
internal sealed class FileTurns
{
    private readonly object sync = new();
    private readonly HashSet<int> passed = [];
    private readonly Dictionary<int, TaskCompletionSource> waiting = [];
    private int next;

    /// <summary>Waits until every lower turn has passed; disposing the result passes this one.</summary>
    public async Task<IDisposable> EnterAsync(int turn, CancellationToken cancellationToken)
    {
        Task wait;
        lock (sync)
        {
            if (turn == next)
                return new Pass(this, turn);
            var arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting[turn] = arrival;
            wait = arrival.Task;
        }

        await wait.WaitAsync(cancellationToken);
        return new Pass(this, turn);
    }

    /// <summary>Passes a turn, entered or not (a file that failed before its step); passing it again changes nothing.</summary>
    public void Leave(int turn)
    {
        TaskCompletionSource? woken = null;
        lock (sync)
        {
            if (turn < next || !passed.Add(turn))
                return;
            while (passed.Remove(next))
                next++;
            if (waiting.Remove(next, out var arrival))
                woken = arrival;
        }

        woken?.SetResult();
    }

    private sealed class Pass(FileTurns turns, int turn) : IDisposable
    {
        public void Dispose() => turns.Leave(turn);
    }
}
