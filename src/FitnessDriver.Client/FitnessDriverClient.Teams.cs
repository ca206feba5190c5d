using FitnessDriver.Contracts.Api;

namespace FitnessDriver.Client;

public sealed partial class FitnessDriverClient
{
    /// <summary><c>POST /v1/challenges/{id}/join</c> of a team challenge, on the team <paramref name="team"/> names.</summary>
    public async Task<ChallengeView> JoinChallengeAsync(Guid challengeId, JoinChallengeRequest team, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, $"/v1/challenges/{challengeId}/join", team);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<ChallengeView>(response, cancellationToken);
    }

    /// <summary><c>GET /v1/challenges/{id}/teams</c>: the teams' leaderboard.</summary>
    public Task<List<TeamLeaderboardEntry>> GetTeamLeaderboardAsync(Guid challengeId, int limit = 100, CancellationToken cancellationToken = default) =>
        GetAsync<List<TeamLeaderboardEntry>>($"/v1/challenges/{challengeId}/teams?limit={limit}", cancellationToken);
}
