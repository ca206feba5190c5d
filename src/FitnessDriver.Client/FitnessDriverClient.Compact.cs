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
    public Task<AcceptedResponse> PostCompactSamplesAsync(Guid activityId, string deviceId, IReadOnlyList<Sample> samples, string? deviceKind = null,
        CancellationToken cancellationToken = default) =>
        PostEncodedSamplesAsync(activityId, CompactSamples.Encode(new SampleBatchRequest(deviceId, samples, deviceKind)), CompactSamples.MediaType, cancellationToken);

    /// <summary>
    /// <c>POST /v1/activities/{id}/samples</c> with a body encoded beforehand: a <see cref="SampleBatchRequest"/> as JSON
    /// (<c>application/json</c>) or compact (<see cref="CompactSamples.MediaType"/>).
    /// </summary>
    public async Task<AcceptedResponse> PostEncodedSamplesAsync(Guid activityId, byte[] body, string mediaType, CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/activities/{activityId}/samples") { Content = content };
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync<AcceptedResponse>(response, cancellationToken);
    }
}
