using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using Microsoft.AspNetCore.Http;

namespace FitnessDriver.ServiceDefaults;

/// <summary>Where a viewer stands with an athlete whose things they look at.</summary>
/// <param name="Blocked">The athlete blocks the viewer: the viewer sees nothing of them.</param>
/// <param name="Follows">The viewer follows the athlete (an accepted follow).</param>
/// <param name="PrivateProfile">The athlete's profile is private: only followers see their activities.</param>
public sealed record ViewerStanding(bool Blocked, bool Follows, bool PrivateProfile)
{
    /// <summary>The athlete themself.</summary>
    public static ViewerStanding Self { get; } = new(false, true, false);

    /// <summary>Whether the viewer may see an activity of the athlete with this visibility.</summary>
    public bool MaySee(Visibility visibility) => !Blocked && visibility switch
    {
        Visibility.Everyone => Follows || !PrivateProfile,
        Visibility.Followers => Follows,
        _ => false,
    };
}

/// <summary>Follows and blocks, which the Social service holds: for services that show one athlete's things to another.</summary>
public interface IRelationships
{
    /// <summary>How <paramref name="viewer"/> stands with <paramref name="athlete"/>; <see cref="ViewerStanding.Self"/> when they are the same.</summary>
    /// <exception cref="Hosting.RetryLaterException">Social cannot be asked right now (the request answers 503).</exception>
    Task<ViewerStanding> StandingAsync(Guid viewer, Guid athlete, CancellationToken cancellationToken);
}

/// <summary>
/// Asks the Social service (<c>GET /v1/athletes/{id}/relationship</c> at <c>Services:Social:Url</c>) as the caller, whose token
/// it forwards: used when Social runs in another process. Social answers <c>404</c> to an athlete who is blocked.
/// </summary>
public sealed class SocialApiRelationships(HttpClient http, IHttpContextAccessor context) : IRelationships
{
    /// <inheritdoc />
    public async Task<ViewerStanding> StandingAsync(Guid viewer, Guid athlete, CancellationToken cancellationToken)
    {
        if (viewer == athlete)
            return ViewerStanding.Self;
        if (http.BaseAddress is null)
            throw new Hosting.RetryLaterException("Set Services:Social:Url: this service asks Social who follows and blocks whom.");
        try
        {
            var view = await CallerRequests.GetAsync<RelationshipView>(http, context, $"/v1/athletes/{athlete}/relationship", cancellationToken);
            if (view is null)
                return new ViewerStanding(true, false, true);
            return new ViewerStanding(false, view.Following == "following", view.PrivateProfile);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new Hosting.RetryLaterException($"Social did not answer who follows and blocks whom: {e.Message}", e);
        }
    }
}
