using System.Net.Http.Headers;
using System.Net.Http.Json;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FitnessDriver.ServiceDefaults;

/// <summary>
/// Athletes' public display names, which only Profiles holds: services that show other athletes (leaderboards) ask
/// it rather than keeping a copy of personal data.
/// </summary>
public interface IDisplayNames
{
    /// <summary>Names of the given athletes; unknown ones are left out.</summary>
    Task<IReadOnlyDictionary<Guid, string>> FindAsync(IReadOnlyCollection<Guid> athleteIds, CancellationToken cancellationToken);
}

/// <summary>
/// Asks the Profiles service over its public API (<c>GET /v1/athletes?ids=</c>), with the calling athlete's own token.
/// Used when Profiles runs in another process (<c>Services:Profiles:Url</c>).
/// </summary>
public sealed class ProfilesApiDisplayNames(HttpClient http, IHttpContextAccessor context, ILogger<ProfilesApiDisplayNames> logger) : IDisplayNames
{
    private const int MaxIdsPerRequest = 200;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<Guid, string>> FindAsync(IReadOnlyCollection<Guid> athleteIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(athleteIds);
        var names = new Dictionary<Guid, string>();
        if (http.BaseAddress is null)
        {
            logger.LogWarning("Services:Profiles:Url is not configured; leaderboards show no display names");
            return names;
        }

        foreach (var chunk in athleteIds.Chunk(MaxIdsPerRequest))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/athletes?ids={string.Join(',', chunk)}");
            if (context.HttpContext?.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization)
                request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
            using var response = await http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            var page = await response.Content.ReadFromJsonAsync<AthleteNames>(ContractJson.Options, cancellationToken);
            foreach (var athlete in page?.Items ?? [])
                names[athlete.AthleteId] = athlete.DisplayName;
        }

        return names;
    }
}
