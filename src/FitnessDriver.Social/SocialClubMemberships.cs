using FitnessDriver.ServiceDefaults;
using FitnessDriver.Social.Clubs;

namespace FitnessDriver.Social;

/// <summary>Club memberships for services in the same process (the all-in-one host): straight from Social's tables.</summary>
public sealed class SocialClubMemberships(ClubStore store) : IClubMemberships
{
    /// <inheritdoc />
    public async Task<ClubMembership?> FindAsync(Guid athleteId, Guid clubId, CancellationToken cancellationToken) =>
        await store.FindAsync(clubId, athleteId, cancellationToken) is { Role: { } role } club ? new ClubMembership(club.ClubId, club.Name, role) : null;
}
