using System.CommandLine;
using System.Text.Json;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Cli;

/// <summary>The body in which the simulator and the benchmarks send samples.</summary>
internal enum SampleFormat
{
    /// <summary><c>application/x-fd-samples</c>: the compact columnar body.</summary>
    Compact,

    /// <summary><c>application/json</c>, as the app sends it.</summary>
    Json,
}

/// <summary>Choosing and using a <see cref="SampleFormat"/>.</summary>
internal static class SampleFormats
{
    /// <summary><c>--format</c>: compact (the default) or json.</summary>
    public static Option<SampleFormat> Option() => new("--format")
    {
        Description = $"Body of the sample POSTs: compact ({CompactSamples.MediaType}) or json.",
        DefaultValueFactory = _ => SampleFormat.Compact,
    };

    /// <summary>The media type of <paramref name="format"/>.</summary>
    public static string MediaType(this SampleFormat format) => format == SampleFormat.Compact ? CompactSamples.MediaType : "application/json";

    /// <summary>The body of <c>POST /v1/activities/{id}/samples</c> in <paramref name="format"/>.</summary>
    public static byte[] Encode(this SampleFormat format, string deviceId, IReadOnlyList<Sample> samples, string? deviceKind)
    {
        var batch = new SampleBatchRequest(deviceId, samples, deviceKind);
        return format == SampleFormat.Compact ? CompactSamples.Encode(batch) : JsonSerializer.SerializeToUtf8Bytes(batch, ContractJson.Options);
    }

    /// <summary><c>POST /v1/activities/{id}/samples</c> in <paramref name="format"/>.</summary>
    public static Task<AcceptedResponse> PostSamplesAsync(this FitnessDriverClient client, SampleFormat format, Guid activityId, string deviceId,
        IReadOnlyList<Sample> samples, string? deviceKind, CancellationToken cancellationToken) =>
        format == SampleFormat.Compact
            ? client.PostCompactSamplesAsync(activityId, deviceId, samples, deviceKind, cancellationToken)
            : client.PostSamplesAsync(activityId, deviceId, samples, deviceKind, cancellationToken);
}
