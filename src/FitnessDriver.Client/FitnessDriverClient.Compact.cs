using System.Net.Http.Headers;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Client;

public sealed partial class FitnessDriverClient
{
    /// <summary>
    /// <c>POST /v1/activities/{id}/samples</c> with the compact body (<see cref="CompactSamples.MediaType"/>): the same
    /// batch and answer as <see cref="PostSamplesAsync"/>, in fewer bytes and without JSON.
    /// </summary>
    public async Task<AcceptedResponse> PostCompactSamplesAsync(Guid activityId, string deviceId, IReadOnlyList<Sample> samples, string? deviceKind = null,
        CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(CompactSamples.Encode(new SampleBatchRequest(deviceId, samples, deviceKind)));
        content.Headers.ContentType = new MediaTypeHeaderValue(CompactSamples.MediaType);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/activities/{activityId}/samples") { Content = content };
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync<AcceptedResponse>(response, cancellationToken);
    }
}
