using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace FitnessDriver.Hosting;

/// <summary>
/// Runs a server program's start and life: files it creates are private (<see cref="PrivateFiles"/>), and a start-up
/// problem ends it with one line on standard error and exit code <see cref="ExitCode"/>, never a stack trace. Any
/// other exception is a bug and keeps its stack trace.
/// </summary>
public static class StartupErrors
{
    /// <summary>The exit code of a configuration problem (EX_CONFIG in sysexits.h).</summary>
    public const int ExitCode = 78;

    /// <summary>Runs <paramref name="program"/>; returns 0, or <see cref="ExitCode"/> after printing the problem.</summary>
    public static async Task<int> RunAsync(string program, Func<Task> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        PrivateFiles.Apply();
        try
        {
            await run();
            return 0;
        }
        catch (Exception e) when (Describe(e) is { } problem)
        {
            await Console.Error.WriteLineAsync($"{program}: {problem}");
            return ExitCode;
        }
    }

    /// <summary>The one-line description of a start-up problem anywhere in <paramref name="exception"/>, or null.</summary>
    public static string? Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        foreach (var e in Chain(exception))
        {
            switch (e)
            {
                case StartupException startup:
                    return OneLine(startup.Message);
                case AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }:
                    // Kestrel's own message names the address: "Failed to bind to address http://127.0.0.1:5080: address already in use."
                    var address = Chain(exception).OfType<IOException>().FirstOrDefault()?.Message ?? e.Message;
                    return OneLine($"{address.TrimEnd('.')}. Another program listens there: stop it, or choose another address with --urls or ASPNETCORE_URLS.");
            }
        }

        return null;
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var e))
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                    pending.Push(inner);
            }
            else if (e.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
