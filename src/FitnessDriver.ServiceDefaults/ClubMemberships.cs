using FitnessDriver.Contracts.Api;
using Microsoft.AspNetCore.Http;

namespace FitnessDriver.ServiceDefaults;

/// <summary>An athlete's membership of a club: the club's name and their role (owner, admin or member).</summary>
public sealed record ClubMembership(Guid ClubId, string Name, string Role);

/// <summary>Club memberships, which the Social service holds: for services that let a club act as one (a team in a challenge).</summary>
public interface IClubMemberships
{
    /// <summary>The athlete's membership of the club, or null when they are not in it (or there is no such club).</summary>
    /// <exception cref="Hosting.RetryLaterException">Social cannot be asked right now (the request answers 503).</exception>
    Task<ClubMembership?> FindAsync(Guid athleteId, Guid clubId, CancellationToken cancellationToken);
}

/// <summary>
/// Asks the Social service (<c>GET /v1/clubs/{id}</c> at <c>Services:Social:Url</c>) as the caller, whose token it forwards:
/// used when Social runs in another process. A member is whoever Social shows a role to; <c>404</c> is no club.
/// </summary>
public sealed class SocialApiClubMemberships(HttpClient http, IHttpContextAccessor context) : IClubMemberships
{
    /// <inheritdoc />
    public async Task<ClubMembership?> FindAsync(Guid athleteId, Guid clubId, CancellationToken cancellationToken)
    {
        if (http.BaseAddress is null)
            throw new Hosting.RetryLaterException("Set Services:Social:Url: this service asks Social who is in which club.");
        try
        {
            var club = await CallerRequests.GetAsync<ClubView>(http, context, $"/v1/clubs/{clubId}", cancellationToken);
            if (club is null)
                return null;
            return club.Role is { } role ? new ClubMembership(club.ClubId, club.Name, role) : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new Hosting.RetryLaterException($"Social did not answer who is in the club: {e.Message}", e);
        }
    }
}
