using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace FitnessDriver.Testing;

/// <summary>
/// One of the platform's programs (<c>fitnessdriver-host</c>, a service, the gateway) in a process of its own, as
/// it runs in production, so a test can kill it with SIGKILL and start it again.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;

    private ServiceProcess(string name, Process process, Uri baseAddress, string logPath)
    {
        Name = name;
        this.process = process;
        BaseAddress = baseAddress;
        LogPath = logPath;
    }

    /// <summary>The program's assembly name.</summary>
    public string Name { get; }

    /// <summary>Where it listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Its console output, appended across restarts.</summary>
    public string LogPath { get; }

    /// <summary>True once it exited.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Starts <paramref name="assembly"/> (a dll next to the tests) on <paramref name="port"/>, then waits for <paramref name="readyPath"/> to answer 200.</summary>
    public static async Task<ServiceProcess> StartAsync(string assembly, int port, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, TimeSpan readyTimeout, string readyPath = "/health/ready", string scheme = "http", Func<HttpMessageHandler>? handler = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var logPath = Path.Combine(workingDirectory, $"{assembly}.log");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, assembly + ".dll"), $"--urls={scheme}://127.0.0.1:{port}" })
            start.ArgumentList.Add(argument);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {assembly}.");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => { lock (log) log.Dispose(); };

        var running = new ServiceProcess(assembly, process, new Uri($"{scheme}://127.0.0.1:{port}"), logPath);
        using var http = new HttpClient(handler?.Invoke() ?? new HttpClientHandler()) { BaseAddress = running.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"{assembly} exited with {process.ExitCode}: {File.ReadAllText(logPath)}");
                try
                {
                    using var response = await http.GetAsync(new Uri(readyPath, UriKind.Relative));
                    return response.IsSuccessStatusCode;
                }
                catch (TaskCanceledException)
                {
                    // A process still starting on a busy machine may take longer than one probe: ask again until the deadline.
                    return false;
                }
            }, readyTimeout, $"{assembly} to become ready");
        }
        catch
        {
            // Nobody else holds it: left running it would keep its port, consumers and database connections.
            await running.DisposeAsync();
            throw;
        }

        return running;
    }

    /// <summary>Runs <paramref name="assembly"/> with <paramref name="arguments"/> until it exits; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string assembly, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, string workingDirectory, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {assembly}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{assembly} did not exit within {timeout.TotalSeconds:0} s: {await output}{await errors}");
        }

        return (process.ExitCode, await output + await errors);
    }

    /// <summary>A free loopback port.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut of the process.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    /// <summary>Asks for a graceful stop (SIGTERM) and waits for it.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (process.HasExited)
            return;
        if (Kill(process.Id, SignalTerminate) != 0 && !process.HasExited)
            throw new InvalidOperationException($"Could not send SIGTERM to {Name} ({process.Id}).");
        using var deadline = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(deadline.Token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(TimeSpan.FromSeconds(60));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private const int SignalTerminate = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
            return;
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
