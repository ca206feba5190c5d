using System.Security.Claims;
using FitnessDriver.ServiceDefaults.Identity;

namespace FitnessDriver.ServiceDefaults;

/// <summary>Reads the athlete a request acts for.</summary>
public static class AthletePrincipal
{
    /// <summary>The athlete id of an authenticated request.</summary>
    public static Guid AthleteId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return Guid.TryParse(principal.Identity?.Name, out var id)
            ? id
            : throw new InvalidOperationException("The request is not authenticated as an athlete.");
    }

    /// <summary>The session of an authenticated request.</summary>
    public static Guid SessionId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return Guid.TryParse(principal.FindFirstValue(AccessTokens.SessionClaim), out var id)
            ? id
            : throw new InvalidOperationException("The request is not authenticated in a session.");
    }
}
