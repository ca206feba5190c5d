using System.Security.Claims;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Gamification.Rules;
using FitnessDriver.Gamification.Streaks;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.ServiceDefaults.Privacy;
using Microsoft.Extensions.Options;

namespace FitnessDriver.Gamification.Segments;

/// <summary>Segments: make one from a stretch of an activity, read, delete, leaderboard, and the caller's efforts.</summary>
public static class SegmentsApi
{
    private const int MaxNameLength = 100;
    private const int MaxEfforts = 500;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapSegmentsApi(this IEndpointRouteBuilder routes)
    {
        var segments = routes.MapGroup("/v1/segments").RequireAuthorization().WithTags("Segments");
        segments.MapPost("", CreateAsync).Produces<SegmentView>(StatusCodes.Status201Created);
        segments.MapGet("", ListAsync).Produces<SegmentList>();
        segments.MapGet("/{segmentId}", GetAsync).Produces<SegmentView>();
        segments.MapDelete("/{segmentId}", DeleteAsync).Produces(StatusCodes.Status204NoContent);
        segments.MapGet("/{segmentId}/leaderboard", LeaderboardAsync).Produces<SegmentLeaderboard>();
        routes.MapGroup("/v1/me").RequireAuthorization().WithTags("Segments").MapGet("/segment-efforts", EffortsAsync).Produces<SegmentEffortList>();
        return routes;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal user, GamificationDatabase database, IActivityTracks tracks,
        IPrivacySettings privacy, IAthleteKeys keys, IOptions<GamificationOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CreateSegmentRequest>(request);
        if (!body.Succeeded)
            return body.Problem!;
        var draft = body.Value!;
        var errors = new ValidationErrors();
        var name = TextFields.Clean(draft.Name, "name", MaxNameLength, errors, required: true);
        if (draft.ActivityId is null)
            errors.Add("activityId", "is required: the activity the segment is a stretch of");
        if (draft.StartT is null)
            errors.Add("startT", "is required: a time of the activity's streams (t, epoch milliseconds)");
        if (draft.EndT is null)
            errors.Add("endT", "is required: a time of the activity's streams (t, epoch milliseconds)");
        else if (draft.EndT <= draft.StartT)
            errors.Add("endT", "must be after startT");
        if (!errors.IsEmpty)
            return Invalid(errors);

        var athleteId = user.AthleteId();
        if (await tracks.FindAsync(athleteId, draft.ActivityId!.Value, cancellationToken) is not { } track)
            return Problems.NotFound("activity");
        var settings = await privacy.FindAsync(athleteId, cancellationToken) ?? PrivacySettings.None;
        var stretch = SegmentStretch.Cut(track, draft.StartT!.Value, draft.EndT!.Value, settings, errors);
        var rules = options.Value.Segments;
        if (stretch is not null && stretch.LengthM is var length && (length < rules.MinLengthM || length > rules.MaxLengthM))
            errors.Add("endT", $"the stretch is {length:N0} m long; a segment is {rules.MinLengthM:N0} to {rules.MaxLengthM:N0} m");
        if (!errors.IsEmpty)
            return Invalid(errors);

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        switch (await SegmentStore.ActivityAsync(connection, track.ActivityId, athleteId, cancellationToken))
        {
            case null:
                return Problems.Create(StatusCodes.Status409Conflict, "Activity not counted yet",
                    "The activity's samples have not been counted by the game yet; try again in a moment.");
            case { Implausible: true }:
                errors.Add("activityId", "the activity was found implausible (see its trust): it cannot make a segment");
                return Invalid(errors);
            case var (sport, _):
                var key = await keys.FindAsync(athleteId, cancellationToken) ?? throw new KeysUnavailableException("The athlete's data key cannot be had now.");
                var segment = await SegmentStore.CreateAsync(connection, key, athleteId, track.ActivityId, sport, name!, stretch!.Path, stretch.LengthM, cancellationToken);
                return TypedResults.Created($"/v1/segments/{segment.SegmentId}", View(segment, athleteId));
        }
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, GamificationDatabase database, IAthleteKeys keys, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var mine = await SegmentStore.OfAthleteAsync(connection, keys, user.AthleteId(), cancellationToken);
        return TypedResults.Ok(new SegmentList([.. mine.Select(s => View(s, user.AthleteId()))]));
    }

    private static async Task<IResult> GetAsync(string segmentId, ClaimsPrincipal user, GamificationDatabase database, IAthleteKeys keys, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return Guid.TryParse(segmentId, out var id) && await SegmentStore.FindAsync(connection, keys, id, cancellationToken) is { } segment
            ? TypedResults.Ok(View(segment, user.AthleteId()))
            : Problems.NotFound("segment");
    }

    private static async Task<IResult> DeleteAsync(string segmentId, ClaimsPrincipal user, GamificationDatabase database, IAthleteKeys keys, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        if (!Guid.TryParse(segmentId, out var id) || await SegmentStore.FindAsync(connection, keys, id, cancellationToken) is not { } segment)
            return Problems.NotFound("segment");
        if (segment.AthleteId != user.AthleteId())
            return Problems.Create(StatusCodes.Status403Forbidden, "Not your segment", "Only the athlete who made a segment can delete it.");
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SegmentStore.DeleteAsync(connection, transaction, "segment_id = $1", id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> LeaderboardAsync(string segmentId, string? period, int? limit, string? around, ClaimsPrincipal user,
        GamificationDatabase database, IAthleteKeys keys, IDisplayNames names, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        period ??= SegmentPeriods.All;
        if (!SegmentPeriods.Names.Contains(period))
            errors.Add("period", $"must be one of {string.Join(", ", SegmentPeriods.Names)}");
        LeaderboardQuery.Check(limit, around, errors);
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid query", errors.ToDictionary());
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        if (!Guid.TryParse(segmentId, out var id) || await SegmentStore.FindAsync(connection, keys, id, cancellationToken) is null)
            return Problems.NotFound("segment");
        var settings = await StreakStore.SettingsOfAsync(connection, null, user.AthleteId(), cancellationToken);
        var now = clock.GetUtcNow();
        var from = SegmentPeriods.StartOf(period, now, settings);
        var (page, athletes) = await SegmentStore.LeaderboardAsync(connection, id, from?.UtcDateTime ?? DateTime.UnixEpoch, now.UtcDateTime.AddDays(1), limit ?? 50,
            around == "me" ? user.AthleteId() : null, cancellationToken);
        var displayNames = await names.FindAsync(page.Select(b => b.AthleteId).ToList(), cancellationToken);
        return TypedResults.Ok(new SegmentLeaderboard(id, period, from is { } start ? IsoTime.From(start.UtcDateTime) : null, athletes,
            [.. page.Select(b => new SegmentLeaderboardEntry((int)b.Rank, b.AthleteId, displayNames.GetValueOrDefault(b.AthleteId), Math.Round(b.ElapsedMs / 1000.0, 1),
                ElapsedText.Of(b.ElapsedMs / 1000.0), b.ActivityId, IsoTime.From(b.StartedAt)))]));
    }

    private static async Task<IResult> EffortsAsync(string? activityId, string? segmentId, string? after, int? limit, ClaimsPrincipal user, GamificationDatabase database,
        IAthleteKeys keys, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var activity = OptionalId(activityId, "activityId", errors);
        var segment = OptionalId(segmentId, "segmentId", errors);
        var position = after is null ? null : SegmentEffortCursor.Parse(after);
        if (after is not null && position is null)
            errors.Add("after", "must be the cursor of the page before");
        if (limit is < 1 or > MaxEfforts)
            errors.Add("limit", $"must be between 1 and {MaxEfforts}");
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status400BadRequest, "Invalid query", errors.ToDictionary());
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var pageSize = limit ?? 100;
        var efforts = await SegmentStore.EffortsOfAsync(connection, keys, user.AthleteId(), activity, segment, position, pageSize, cancellationToken);
        return TypedResults.Ok(new SegmentEffortList([.. efforts.Select(e => new SegmentEffortView(e.SegmentId, e.Name, e.ActivityId, IsoTime.From(e.StartedAt),
            Math.Round(e.ElapsedMs / 1000.0, 1), ElapsedText.Of(e.ElapsedMs / 1000.0)))], efforts.Count == pageSize ? SegmentEffortCursor.Of(efforts[^1]) : null));
    }

    private static Guid? OptionalId(string? value, string field, ValidationErrors errors)
    {
        if (value is null)
            return null;
        if (Guid.TryParse(value, out var id))
            return id;
        errors.Add(field, "must be an id");
        return null;
    }

    private static IResult Invalid(ValidationErrors errors) => Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid segment", errors.ToDictionary());

    private static SegmentView View(SegmentRow segment, Guid caller) => new(segment.SegmentId, segment.Name, segment.Sport.ToName(), Math.Round(segment.DistanceM, 1),
        new SegmentPoint(segment.Path[0].Lat, segment.Path[0].Lon), new SegmentPoint(segment.Path[^1].Lat, segment.Path[^1].Lon),
        [.. segment.Path.Select(p => new[] { p.Lat, p.Lon })], IsoTime.From(segment.CreatedAt), segment.AthleteId == caller);
}
