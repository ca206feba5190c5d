namespace FitnessDriver.Contracts.Api;

/// <summary><c>POST /v1/athletes</c> body.</summary>
public sealed record CreateAthleteRequest(string? DisplayName);

/// <summary><c>POST /v1/athletes</c> answer: the new athlete and a bearer token acting for them.</summary>
public sealed record CreateAthleteResponse(Guid AthleteId, string Token);
