using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace FitnessDriver.EventLog.Kafka;

/// <summary>
/// Loads librdkafka before the first client is built. The default Linux build in librdkafka.redist links against
/// libsasl2.so.3, which Debian and Ubuntu do not ship; the package's CentOS 8 build (x64 only) does not, so it is the fallback
/// there.
/// </summary>
public static class KafkaNativeLibrary
{
    private const string LinuxFallback = "centos8-librdkafka.so";
    private static readonly Lock Gate = new();
    private static bool loaded;

    /// <summary>Loads librdkafka once per process.</summary>
    /// <exception cref="InvalidOperationException">No usable build of librdkafka could be loaded.</exception>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (loaded)
                return;
            Exception defaultFailure;
            try
            {
                Library.Load();
                loaded = true;
                return;
            }
            catch (Exception e) when (e is DllNotFoundException or InvalidOperationException or BadImageFormatException or FileLoadException)
            {
                defaultFailure = e;
            }

            var tried = new List<string>();
            if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64)
            {
                foreach (var candidate in LinuxFallbackCandidates())
                {
                    if (!File.Exists(candidate))
                        continue;
                    tried.Add(candidate);
                    try
                    {
                        Library.Load(candidate);
                        loaded = true;
                        return;
                    }
                    catch (Exception e) when (e is DllNotFoundException or InvalidOperationException or BadImageFormatException or FileLoadException)
                    {
                        defaultFailure = new AggregateException(defaultFailure, e);
                    }
                }
            }

            throw new InvalidOperationException(
                "librdkafka, the native Kafka client, could not be loaded. " +
                (tried.Count > 0 ? $"Tried the default build and {string.Join(", ", tried)}. " : "Tried the default build. ") +
                "Check that the librdkafka.redist native files were deployed next to the application " +
                "(runtimes/<rid>/native) and that their dependencies (glibc, OpenSSL; libsasl2 for the default Linux build) are installed.",
                defaultFailure);
        }
    }

    private static IEnumerable<string> LinuxFallbackCandidates()
    {
        yield return Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", LinuxFallback);
        // A publish for one runtime flattens native files next to the application.
        yield return Path.Combine(AppContext.BaseDirectory, LinuxFallback);
    }
}
