using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Social.Relationships;

/// <summary>Follows and blocks for services in the same process (the all-in-one host): straight from Social's tables.</summary>
public sealed class SocialRelationships(RelationshipStore store) : IRelationships
{
    /// <inheritdoc />
    public Task<ViewerStanding> StandingAsync(Guid viewer, Guid athlete, CancellationToken cancellationToken) =>
        store.StandingAsync(viewer, athlete, cancellationToken);
}
