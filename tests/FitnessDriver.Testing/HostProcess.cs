using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FitnessDriver.Testing;

/// <summary>
/// The all-in-one host as a separate process (the real <c>fitnessdriver-host</c>, with its own private PostgreSQL),
/// so a test can kill it with SIGKILL and start it again on the same data directory.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;

    private HostProcess(Process process, Uri baseAddress, string logPath)
    {
        this.process = process;
        BaseAddress = baseAddress;
        LogPath = logPath;
    }

    /// <summary>Where it listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Its console output, appended across restarts.</summary>
    public string LogPath { get; }

    /// <summary>Starts the host on <paramref name="port"/> with <paramref name="dataDirectory"/> and waits until it is ready.</summary>
    public static async Task<HostProcess> StartAsync(string dataDirectory, int port, TimeSpan readyTimeout)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "fitnessdriver-host.dll");
        var logPath = Path.Combine(dataDirectory, "host-output.log");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        foreach (var argument in new[] { host, $"--urls=http://127.0.0.1:{port}", "--Logging:LogLevel:Default=Warning" })
            start.ArgumentList.Add(argument);
        start.Environment["FD_DATA_DIR"] = dataDirectory;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the host.");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => log.Dispose();

        var running = new HostProcess(process, new Uri($"http://127.0.0.1:{port}"), logPath);
        using var http = new HttpClient { BaseAddress = running.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The host exited with {process.ExitCode}: {File.ReadAllText(logPath)}");
            using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }, readyTimeout, "the host process to become ready");
        return running;
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
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
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
