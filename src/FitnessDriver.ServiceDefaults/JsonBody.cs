using System.Buffers;
using System.Text.Json;
using FitnessDriver.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace FitnessDriver.ServiceDefaults;

/// <summary>
/// Reads a JSON request body with a size limit and turns every client mistake into a problem: 413 when too large,
/// 415 when not JSON, 400 when malformed (with the JSON path of the error).
/// </summary>
public static class JsonBody
{
    /// <summary>The default limit of a request body.</summary>
    public const int DefaultLimit = 1024 * 1024;

    /// <summary>Either the body or the problem to answer with.</summary>
    public readonly record struct Result<T>(T? Value, IResult? Problem)
        where T : class
    {
        /// <summary>True when <see cref="Value"/> is set.</summary>
        public bool Succeeded => Problem is null;
    }

    /// <summary>Reads and deserializes the body of <paramref name="request"/>.</summary>
    public static async Task<Result<T>> ReadAsync<T>(HttpRequest request, int limit = DefaultLimit)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
            return new(null, TooLarge(limit));
        if (UnsupportedMediaType(request) is { } unsupported)
            return new(null, unsupported);

        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is > 0 and var length ? (int)length : 4096);
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(16 * 1024), request.HttpContext.RequestAborted);
            if (read == 0)
                break;
            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
                return new(null, TooLarge(limit));
        }

        if (buffer.WrittenCount == 0)
            return new(null, Problems.Create(StatusCodes.Status400BadRequest, "Missing body", "This request needs a JSON body."));

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.WrittenSpan, ContractJson.Options);
            return value is null
                ? new(null, Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON", "The body must be a JSON object, not null."))
                : new(value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return new(null, Problems.Validation(StatusCodes.Status400BadRequest, "Malformed JSON",
                new Dictionary<string, string[]> { [field] = [Describe(e)] }));
        }
    }

    /// <summary>
    /// A body must say it is JSON: <c>application/json</c> or a <c>+json</c> type, in UTF-8 (RFC 8259); a request
    /// without a body needs no content type.
    /// </summary>
    private static IResult? UnsupportedMediaType(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrEmpty(contentType))
        {
            return request.ContentLength is 0 || request.ContentLength is null && request.Headers.TransferEncoding.Count == 0
                ? null
                : Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body with Content-Type: application/json.");
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !(mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.MediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Send the body as application/json, not {contentType}.");
        }

        return mediaType.Charset.HasValue && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            ? Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Send JSON in UTF-8, not {mediaType.Charset}.")
            : null;
    }

    private static string Describe(JsonException e)
    {
        var reason = e.Message.Contains("could not be converted to", StringComparison.Ordinal)
            ? $"must be {Expected(e.Message)}"
            : FirstSentence(e.Message);
        return e.LineNumber is { } line ? $"{reason} (line {line + 1}, byte {e.BytePositionInLine + 1})" : reason;
    }

    // System.Text.Json names .NET types in its messages; clients know JSON types.
    private static string Expected(string message) => message switch
    {
        _ when message.Contains("System.Int", StringComparison.Ordinal) => "an integer",
        _ when message.Contains("System.Single", StringComparison.Ordinal) || message.Contains("System.Double", StringComparison.Ordinal) => "a number",
        _ when message.Contains("System.String", StringComparison.Ordinal) => "a string",
        _ when message.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
        _ when message.Contains("System.Guid", StringComparison.Ordinal) => "a UUID",
        _ when message.Contains("List", StringComparison.Ordinal) || message.Contains("[]", StringComparison.Ordinal) => "an array",
        _ => "an object",
    };

    // System.Text.Json appends the path and position to its messages; they are reported separately.
    private static string FirstSentence(string message) => message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();

    private static IResult TooLarge(int limit) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {limit} bytes.");
}
