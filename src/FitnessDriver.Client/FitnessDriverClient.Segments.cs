using FitnessDriver.Contracts.Api;

namespace FitnessDriver.Client;

public sealed partial class FitnessDriverClient
{
    /// <summary><c>POST /v1/segments</c>: a segment from the stretch of one of the athlete's activities between two stream times.</summary>
    public async Task<SegmentView> CreateSegmentAsync(CreateSegmentRequest segment, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, "/v1/segments", segment);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<SegmentView>(response, cancellationToken);
    }

    /// <summary><c>GET /v1/segments</c>: the segments the athlete made.</summary>
    public Task<SegmentList> ListSegmentsAsync(CancellationToken cancellationToken = default) => GetAsync<SegmentList>("/v1/segments", cancellationToken);

    /// <summary><c>GET /v1/segments/{id}</c>.</summary>
    public Task<SegmentView> GetSegmentAsync(Guid segmentId, CancellationToken cancellationToken = default) =>
        GetAsync<SegmentView>($"/v1/segments/{segmentId}", cancellationToken);

    /// <summary><c>DELETE /v1/segments/{id}</c>.</summary>
    public Task DeleteSegmentAsync(Guid segmentId, CancellationToken cancellationToken = default) =>
        SendExpectingSuccessAsync(HttpMethod.Delete, $"/v1/segments/{segmentId}", cancellationToken);

    /// <summary><c>GET /v1/segments/{id}/leaderboard</c>.</summary>
    public Task<SegmentLeaderboard> GetSegmentLeaderboardAsync(Guid segmentId, string period = "all", int limit = 50, bool aroundMe = false,
        CancellationToken cancellationToken = default) =>
        GetAsync<SegmentLeaderboard>($"/v1/segments/{segmentId}/leaderboard?period={period}&limit={limit}{(aroundMe ? "&around=me" : "")}", cancellationToken);

    /// <summary><c>GET /v1/me/segment-efforts</c>: the athlete's efforts, newest first, of one activity or segment when given.</summary>
    public Task<SegmentEffortList> GetSegmentEffortsAsync(Guid? activityId = null, Guid? segmentId = null, string? after = null, int limit = 100,
        CancellationToken cancellationToken = default) =>
        GetAsync<SegmentEffortList>($"/v1/me/segment-efforts?limit={limit}{(activityId is { } a ? $"&activityId={a}" : "")}{(segmentId is { } s ? $"&segmentId={s}" : "")}"
            + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"), cancellationToken);
}
