using System.Security.Claims;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Privacy;
using FitnessDriver.Profiles.Identity;
using FitnessDriver.Profiles.Privacy;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Profiles;

/// <summary>
/// <c>GET /v1/me</c>, <c>PATCH /v1/me</c> and <c>DELETE /v1/me</c>: what Profiles holds of the athlete, correcting it and
/// erasing the athlete everywhere (GDPR art. 15, 16, 17).
/// </summary>
public static class MeApi
{
    private const int MaxDisplayNameLength = 64;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/v1/me").RequireAuthorization().WithTags("Privacy");
        me.MapGet("", GetAsync).Produces<MyProfile>();
        me.MapPatch("", UpdateAsync).Produces<MyProfile>();
        me.MapDelete("", EraseAsync).RequireRateLimiting(RateLimits.SignIn).Produces<ErasureReceipt>();
        me.MapGet("/privacy", GetPrivacyAsync).Produces<PrivacySettings>();
        me.MapPut("/privacy", PutPrivacyAsync).Produces<PrivacySettings>();
        return routes;
    }

    private static async Task<IResult> GetPrivacyAsync(ClaimsPrincipal user, PrivacySettingsStore privacy, CancellationToken cancellationToken) =>
        await privacy.FindAsync(user.AthleteId(), cancellationToken) is { } settings ? TypedResults.Ok(settings) : Problems.NotFound("athlete");

    private static async Task<IResult> PutPrivacyAsync(HttpRequest request, ClaimsPrincipal user, PrivacySettingsStore privacy, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<PrivacySettingsRequest>(request);
        if (!body.Succeeded)
            return body.Problem!;
        var errors = new ValidationErrors();
        if (PrivacySettingsStore.Validate(body.Value!, errors) is not { } settings)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid privacy settings", errors.ToDictionary());
        return await privacy.SaveAsync(user.AthleteId(), settings, cancellationToken) ? TypedResults.Ok(settings) : Problems.NotFound("athlete");
    }

    private static async Task<IResult> EraseAsync(HttpRequest request, ClaimsPrincipal user, Credentials credentials, Sessions sessions, Erasures erasures,
        AuditLog audit, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<EraseRequest>(request);
        if (!body.Succeeded)
            return body.Problem!;
        var athleteId = user.AthleteId();
        var hasPassword = await credentials.HasPasswordAsync(athleteId, cancellationToken);
        var (field, given) = hasPassword ? ("password", body.Value!.Password) : ("refreshToken", body.Value!.RefreshToken);
        if (string.IsNullOrEmpty(given))
        {
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Confirmation required",
                new Dictionary<string, string[]> { [field] = [hasPassword ? "is required: confirm erasure with your password" : "is required: confirm erasure with your current refresh token"] });
        }

        var confirmed = hasPassword
            ? await credentials.MayChangeAsync(athleteId, given, cancellationToken)
            : await sessions.IsCurrentRefreshTokenAsync(athleteId, given, cancellationToken);
        if (!confirmed)
        {
            return Problems.Validation(StatusCodes.Status403Forbidden, "Confirmation failed",
                new Dictionary<string, string[]> { [field] = ["does not confirm that this is you"] });
        }

        if (await erasures.EraseAsync(athleteId, cancellationToken) is not { } receipt)
            return Problems.NotFound("athlete");
        audit.Erased(athleteId);
        return TypedResults.Ok(receipt);
    }

    private static async Task<IResult> GetAsync(ClaimsPrincipal user, ProfileRegions regions, AthleteKeyStore keys, CancellationToken cancellationToken) =>
        await ReadAsync(user.AthleteId(), regions, keys, cancellationToken) is { } profile ? TypedResults.Ok(profile) : Problems.NotFound("athlete");

    private static async Task<IResult> UpdateAsync(HttpRequest request, ClaimsPrincipal user, ProfileRegions regions, AthleteKeyStore keys, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<UpdateProfileRequest>(request);
        if (!body.Succeeded)
            return body.Problem!;
        var errors = new ValidationErrors();
        var displayName = body.Value!.DisplayName is null ? null : TextFields.Clean(body.Value.DisplayName, "displayName", MaxDisplayNameLength, errors, required: true);
        if (!errors.IsEmpty)
            return Problems.Validation(StatusCodes.Status422UnprocessableEntity, "Invalid profile", errors.ToDictionary());
        var athleteId = user.AthleteId();
        if (await keys.FindAsync(athleteId, cancellationToken) is not { } key)
            return Problems.NotFound("athlete");
        if (displayName is not null)
        {
            await using var connection = await regions.Of(athleteId).DataSource.OpenConnectionAsync(cancellationToken);
            await Profile.SetDisplayNameAsync(connection, null, athleteId, key, displayName, cancellationToken);
        }

        return TypedResults.Ok(await ReadAsync(athleteId, regions, keys, cancellationToken));
    }

    /// <summary>The athlete's profile, opened with their key; null when there is no such athlete.</summary>
    public static async Task<MyProfile?> ReadAsync(Guid athleteId, ProfileRegions regions, AthleteKeyStore keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(keys);
        if (await keys.FindAsync(athleteId, cancellationToken) is not { } key)
            return null;
        var region = regions.RegionOf(athleteId);
        await using var command = region.Database.DataSource.CreateCommand("""
            SELECT a.display_name, a.sealed_display_name, c.sealed_username, a.created_at, c.username
            FROM profiles.athletes a LEFT JOIN profiles.credentials c USING (athlete_id) WHERE a.athlete_id = $1
            """);
        command.Parameters.Add(new() { Value = athleteId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        var name = reader.IsDBNull(1) ? reader.IsDBNull(0) ? "" : reader.GetString(0) : Sealed.OpenText(key, Purposes.DisplayName, (byte[])reader[1]);
        var username = reader.IsDBNull(2) ? reader.IsDBNull(4) ? null : reader.GetString(4) : Sealed.OpenText(key, Purposes.Username, (byte[])reader[2]);
        return new MyProfile(athleteId, name, username, region.Name, IsoTime.From(reader.GetFieldValue<DateTimeOffset>(3).UtcDateTime));
    }
}
