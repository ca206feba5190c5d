using FitnessDriver.Contracts.Api;

namespace FitnessDriver.Client;

public sealed partial class FitnessDriverClient
{
    /// <summary><c>POST /v1/group-sessions</c>: starts a live group session with the caller as host.</summary>
    public async Task<GroupSessionView> CreateGroupSessionAsync(CreateGroupSessionRequest session, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, "/v1/group-sessions", session);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<GroupSessionView>(response, cancellationToken);
    }

    /// <summary><c>POST /v1/group-sessions/{id}/join</c>, recording in <paramref name="activityId"/> or else the next activity started.</summary>
    public async Task<GroupSessionView> JoinGroupSessionAsync(Guid sessionId, Guid? activityId = null, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, $"/v1/group-sessions/{sessionId}/join", new JoinGroupSessionRequest(activityId));
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<GroupSessionView>(response, cancellationToken);
    }

    /// <summary><c>POST /v1/group-sessions/{id}/leave</c>.</summary>
    public Task LeaveGroupSessionAsync(Guid sessionId, CancellationToken cancellationToken = default) =>
        SendExpectingSuccessAsync(HttpMethod.Post, $"/v1/group-sessions/{sessionId}/leave", cancellationToken);

    /// <summary><c>GET /v1/group-sessions/{id}</c>.</summary>
    public Task<GroupSessionView> GetGroupSessionAsync(Guid sessionId, CancellationToken cancellationToken = default) =>
        GetAsync<GroupSessionView>($"/v1/group-sessions/{sessionId}", cancellationToken);

    /// <summary><c>GET /v1/group-sessions</c>: the live sessions the caller is in.</summary>
    public Task<GroupSessionList> ListGroupSessionsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<GroupSessionList>("/v1/group-sessions", cancellationToken);
}
