using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FitnessDriver.Contracts;
using Microsoft.AspNetCore.Http;

namespace FitnessDriver.ServiceDefaults;

/// <summary>Reads from another service's public API as the caller of this request, whose token it forwards.</summary>
internal static class CallerRequests
{
    /// <summary>The answer to <c>GET <paramref name="path"/></c>, or null when it is <c>404</c>.</summary>
    /// <exception cref="HttpRequestException">Any other failure, or an empty answer.</exception>
    public static async Task<T?> GetAsync<T>(HttpClient http, IHttpContextAccessor context, string path, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (context.HttpContext?.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization)
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(ContractJson.Options, cancellationToken)
            ?? throw new HttpRequestException($"An empty answer to GET {path}.");
    }
}
