using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using Microsoft.Extensions.Configuration;

namespace FitnessDriver.ServiceDefaults.Privacy;

/// <summary>
/// Asks Profiles for an athlete's privacy settings (<c>GET /internal/v1/privacy-settings/{athleteId}</c> at
/// <c>Services:Profiles:Url</c>, with the shared <c>Keys:Token</c>), when Profiles runs in another process. Nothing is
/// cached: a zone the athlete adds applies to the next view.
/// </summary>
public sealed class RemotePrivacySettings(HttpClient http, IConfiguration configuration) : IPrivacySettings
{
    /// <summary>The path of Profiles' endpoint, followed by the athlete id.</summary>
    public const string Path = "/internal/v1/privacy-settings";

    /// <inheritdoc />
    public async Task<PrivacySettings?> FindAsync(Guid athleteId, CancellationToken cancellationToken)
    {
        if (http.BaseAddress is null || configuration["Keys:Token"] is not { Length: > 0 } token)
            throw new KeysUnavailableException("Set Services:Profiles:Url and Keys:Token: this service needs athletes' privacy zones from Profiles.");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Path}/{athleteId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return null;
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<PrivacySettings>(ContractJson.Options, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new KeysUnavailableException($"Profiles did not hand out privacy zones: {e.Message}", e);
        }
    }
}
