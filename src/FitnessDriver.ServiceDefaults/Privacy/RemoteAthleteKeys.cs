using System.Net.Http.Headers;
using System.Net.Http.Json;
using FitnessDriver.Contracts;
using Microsoft.Extensions.Configuration;

namespace FitnessDriver.ServiceDefaults.Privacy;

/// <summary>
/// Asks Profiles for data keys (<c>POST /internal/v1/athlete-keys</c> at <c>Services:Profiles:Url</c>, with the
/// <c>Keys:Token</c> every service shares), when Profiles runs in another process.
/// </summary>
public sealed class RemoteAthleteKeys(HttpClient http, IConfiguration configuration, AthleteKeyCache cache) : IAthleteKeys
{
    /// <summary>The path of Profiles' key endpoint.</summary>
    public const string Path = "/internal/v1/athlete-keys";

    /// <inheritdoc />
    public async ValueTask<byte[]?> FindAsync(Guid athleteId, CancellationToken cancellationToken)
    {
        if (cache.IsErased(athleteId))
            return null;
        if (cache.TryGet(athleteId, out var cached))
            return cached;
        if (http.BaseAddress is null || configuration["Keys:Token"] is not { Length: > 0 } token)
            throw new KeysUnavailableException("Set Services:Profiles:Url and Keys:Token: this service needs athletes' data keys from Profiles.");
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = JsonContent.Create(new KeyRequest([athleteId]), options: ContractJson.Options) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        KeyAnswer? answer;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            answer = await response.Content.ReadFromJsonAsync<KeyAnswer>(ContractJson.Options, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new KeysUnavailableException($"Profiles did not hand out data keys: {e.Message}", e);
        }

        if (answer?.Keys is null || !answer.Keys.TryGetValue(athleteId, out var encoded))
            return null;
        var key = Convert.FromBase64String(encoded);
        cache.Add(athleteId, key);
        return key;
    }

    /// <summary>The request body.</summary>
    public sealed record KeyRequest(IReadOnlyList<Guid> AthleteIds);

    /// <summary>The answer: base64 keys by athlete; erased or unknown athletes are left out.</summary>
    public sealed record KeyAnswer(IReadOnlyDictionary<Guid, string> Keys);
}
