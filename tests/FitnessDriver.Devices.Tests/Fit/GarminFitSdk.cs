using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FitnessDriver.Devices.Tests.Fit;

/// <summary>Garmin's official FIT decoder (@garmin/fitsdk under Node), run as the reference for our decoder.</summary>
internal static class GarminFitSdk
{
    private static readonly Lock InstallLock = new();
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private static bool _installed;

    private static string Directory => TestFiles.Repo("tests", "FitnessDriver.Devices.Tests", "fitsdk");

    /// <summary>Decodes the files with the SDK; skips the calling test when Node is not installed.</summary>
    public static IReadOnlyList<SdkResult> Decode(params IEnumerable<string> files)
    {
        EnsureInstalled();
        var output = Run("node", ["decode.mjs", .. files], TimeSpan.FromMinutes(2));
        return JsonSerializer.Deserialize<List<SdkResult>>(output, Json)!;
    }

    private static void EnsureInstalled()
    {
        lock (InstallLock)
        {
            if (_installed)
            {
                return;
            }

            if (!CanRun("node"))
            {
                Assert.Skip("Node.js is not installed; the comparison with Garmin's FIT SDK needs it.");
            }

            // Test assemblies run in parallel processes: one installs while the others wait for it.
            using (HoldInstallLock())
            {
                if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@garmin", "fitsdk")))
                {
                    Run("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
                }
            }

            _installed = true;
        }
    }

    private static FileStream HoldInstallLock()
    {
        var path = Path.Combine(Path.GetTempPath(), "fitness-driver-fitsdk-install.lock");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(10))
            {
                Thread.Sleep(200);
            }
        }
    }

    private static bool CanRun(string program)
    {
        try
        {
            Run(program, ["--version"], TimeSpan.FromSeconds(30));
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string Run(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {timeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }
}

internal sealed record SdkResult(
    string File,
    IReadOnlyList<string> Errors,
    IReadOnlyList<SdkRecord> Records,
    string? SessionSport,
    SdkFileId? FileId,
    int HrvCount);

internal sealed record SdkRecord(
    long? Timestamp,
    long? PositionLat,
    long? PositionLong,
    double? Altitude,
    int? HeartRate,
    int? Cadence,
    double? Speed,
    int? Power,
    double? Distance);

internal sealed record SdkFileId(
    [property: JsonConverter(typeof(AnyAsString))] string? Manufacturer,
    [property: JsonConverter(typeof(AnyAsString))] string? Product,
    long? SerialNumber);

/// <summary>The SDK gives a name for known enumeration values and a number otherwise.</summary>
internal sealed class AnyAsString : JsonConverter<string?>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => reader.GetString(),
            _ => JsonDocument.ParseValue(ref reader).RootElement.GetRawText(),
        };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
