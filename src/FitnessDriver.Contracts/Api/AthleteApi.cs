namespace FitnessDriver.Contracts.Api;

/// <summary><c>POST /v1/athletes</c> body.</summary>
public sealed record CreateAthleteRequest(string? DisplayName);

/// <summary><c>POST /v1/athletes</c> answer: the new athlete and a bearer token acting for them.</summary>
public sealed record CreateAthleteResponse(Guid AthleteId, string Token);

/// <summary>An athlete's public name.</summary>
public sealed record AthleteName(Guid AthleteId, string DisplayName);

/// <summary><c>GET /v1/athletes?ids=</c>: public names of the given athletes.</summary>
public sealed record AthleteNames(IReadOnlyList<AthleteName> Items);
