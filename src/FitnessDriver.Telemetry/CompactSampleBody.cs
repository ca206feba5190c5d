using System.Buffers;
using FitnessDriver.Contracts.Api;
using FitnessDriver.ServiceDefaults;
using Microsoft.Net.Http.Headers;

namespace FitnessDriver.Telemetry;

/// <summary>
/// Reads a <see cref="CompactSamples"/> body with the JSON body's limits and answers: 413 above 1 MiB or 10,000
/// samples, 400 naming the field where a malformed body stops being readable.
/// </summary>
public static class CompactSampleBody
{
    /// <summary>True when the request says its body is <see cref="CompactSamples.MediaType"/>.</summary>
    public static bool IsCompact(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ContentType is { } contentType && MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && mediaType.MediaType.Equals(CompactSamples.MediaType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads and decodes the body of <paramref name="request"/>.</summary>
    public static async Task<JsonBody.Result<SampleBatchRequest>> ReadAsync(HttpRequest request, int limit = JsonBody.DefaultLimit)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
            return new(null, TooLarge(limit));
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and var length ? (int)length + 1 : 16 * 1024);
        try
        {
            var read = 0;
            while (true)
            {
                if (read == buffer.Length)
                    buffer = Grow(buffer, read);
                var n = await request.Body.ReadAsync(buffer.AsMemory(read), request.HttpContext.RequestAborted);
                if (n == 0)
                    break;
                read += n;
                if (read > limit)
                    return new(null, TooLarge(limit));
            }

            return Decode(buffer.AsSpan(0, read));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static JsonBody.Result<SampleBatchRequest> Decode(ReadOnlySpan<byte> body)
    {
        try
        {
            return new(CompactSamples.Decode(body, SampleValidation.MaxSamples), null);
        }
        catch (CompactSamplesException e) when (e.TooManySamples)
        {
            return new(null, Problems.Create(StatusCodes.Status413PayloadTooLarge, "Too many samples", e.Message));
        }
        catch (CompactSamplesException e)
        {
            return new(null, Problems.Validation(StatusCodes.Status400BadRequest, "Malformed compact samples",
                new Dictionary<string, string[]> { [e.Field] = [e.Message] }));
        }
    }

    private static byte[] Grow(byte[] buffer, int used)
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private static IResult TooLarge(int limit) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {limit} bytes.");
}
