using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Client;

/// <summary>
/// Calls the public API as one athlete. Many clients can share one <see cref="HttpClient"/>: the token travels
/// with each request, not in the client's default headers.
/// </summary>
public sealed partial class FitnessDriverClient
{
    private readonly HttpClient http;

    /// <summary>Acts for the athlete holding <paramref name="token"/>.</summary>
    public FitnessDriverClient(HttpClient http, Guid athleteId, string token)
    {
        ArgumentNullException.ThrowIfNull(http);
        this.http = http;
        AthleteId = athleteId;
        Token = token;
    }

    /// <summary>The athlete.</summary>
    public Guid AthleteId { get; }

    /// <summary>The bearer token.</summary>
    public string Token { get; }

    /// <summary>The API's base address.</summary>
    public Uri BaseAddress => http.BaseAddress!;

    /// <summary>Signs a new athlete up and returns a client acting for them.</summary>
    public static async Task<FitnessDriverClient> SignUpAsync(HttpClient http, string displayName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.PostAsJsonAsync("/v1/athletes", new CreateAthleteRequest(displayName), ContractJson.Options, cancellationToken);
        var created = await ReadAsync<CreateAthleteResponse>(response, cancellationToken);
        return new FitnessDriverClient(http, created.AthleteId, created.Token);
    }

    /// <summary>
    /// <c>POST /v1/athletes</c> with a username and password, for signing in later, in a residency region (the default
    /// one when null); returns the session's tokens.
    /// </summary>
    public static async Task<CreateAthleteResponse> SignUpWithCredentialsAsync(HttpClient http, string displayName, string username, string password, string? region = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.PostAsJsonAsync("/v1/athletes", new CreateAthleteRequest(displayName, username, password, region), ContractJson.Options, cancellationToken);
        return await ReadAsync<CreateAthleteResponse>(response, cancellationToken);
    }

    /// <summary><c>POST /v1/auth/sign-in</c>: a new session on another device.</summary>
    public static async Task<SessionTokens> SignInAsync(HttpClient http, string username, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.PostAsJsonAsync("/v1/auth/sign-in", new SignInRequest(username, password), ContractJson.Options, cancellationToken);
        return await ReadAsync<SessionTokens>(response, cancellationToken);
    }

    /// <summary><c>POST /v1/auth/refresh</c>: the next tokens of the session (the refresh token can be used only once).</summary>
    public static async Task<SessionTokens> RefreshAsync(HttpClient http, string refreshToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.PostAsJsonAsync("/v1/auth/refresh", new RefreshRequest(refreshToken), ContractJson.Options, cancellationToken);
        return await ReadAsync<SessionTokens>(response, cancellationToken);
    }

    /// <summary>A client acting with another token of the same athlete (after a refresh).</summary>
    public FitnessDriverClient WithToken(string token) => new(http, AthleteId, token);

    /// <summary><c>POST /v1/auth/logout</c>: ends this token's session.</summary>
    public Task LogoutAsync(CancellationToken cancellationToken = default) => SendExpectingSuccessAsync(HttpMethod.Post, "/v1/auth/logout", cancellationToken);

    /// <summary><c>POST /v1/auth/logout-all</c>: ends every session of the athlete.</summary>
    public Task LogoutEverywhereAsync(CancellationToken cancellationToken = default) => SendExpectingSuccessAsync(HttpMethod.Post, "/v1/auth/logout-all", cancellationToken);

    /// <summary><c>PUT /v1/me/credentials</c>.</summary>
    public async Task SetCredentialsAsync(string username, string password, string? currentPassword = null, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Put, "/v1/me/credentials", new CredentialsRequest(username, password, currentPassword));
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary><c>GET /v1/me</c>: the athlete's profile.</summary>
    public Task<MyProfile> GetMeAsync(CancellationToken cancellationToken = default) => GetAsync<MyProfile>("/v1/me", cancellationToken);

    /// <summary><c>PATCH /v1/me</c>: corrects the profile.</summary>
    public async Task<MyProfile> UpdateMeAsync(UpdateProfileRequest changes, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Patch, "/v1/me", changes);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<MyProfile>(response, cancellationToken);
    }

    /// <summary><c>DELETE /v1/me</c>: erases the athlete everywhere, confirmed with the password (or, without one, the refresh token).</summary>
    public async Task<ErasureReceipt> EraseAsync(EraseRequest confirmation, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Delete, "/v1/me", confirmation);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<ErasureReceipt>(response, cancellationToken);
    }

    /// <summary><c>PUT /v1/activities/{id}</c>; true when it was created, false when it existed.</summary>
    public async Task<bool> PutActivityAsync(Guid activityId, Sport sport, DateTimeOffset startedAt, string? name = null, CancellationToken cancellationToken = default) =>
        (await PutActivityWithStateAsync(activityId, sport, startedAt, name, cancellationToken: cancellationToken)).Created;

    /// <summary><c>PUT /v1/activities/{id}</c> with the activity as the server sees it (e.g. merged into another).</summary>
    public async Task<(bool Created, ActivityState State)> PutActivityWithStateAsync(Guid activityId, Sport sport, DateTimeOffset startedAt, string? name = null,
        Visibility? visibility = null, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Put, $"/v1/activities/{activityId}",
            new PutActivityRequest(sport.ToName(), startedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture), name, visibility?.ToName()));
        using var response = await http.SendAsync(request, cancellationToken);
        var state = await ReadAsync<ActivityState>(response, cancellationToken);
        return (response.StatusCode == System.Net.HttpStatusCode.Created, state);
    }

    /// <summary><c>POST /v1/activities/{id}/samples</c>; returns once the server says the batch is durable.</summary>
    public async Task<AcceptedResponse> PostSamplesAsync(Guid activityId, string deviceId, IReadOnlyList<Sample> samples, string? deviceKind = null, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, $"/v1/activities/{activityId}/samples", new SampleBatchRequest(deviceId, samples, deviceKind));
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<AcceptedResponse>(response, cancellationToken);
    }

    /// <summary><c>POST /v1/activities/{id}/finish</c>.</summary>
    public async Task<ActivityState> FinishAsync(Guid activityId, DateTimeOffset finishedAt, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, $"/v1/activities/{activityId}/finish",
            new FinishActivityRequest(finishedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<ActivityState>(response, cancellationToken);
    }

    /// <summary><c>DELETE /v1/activities/{id}</c>: deletes the activity (with the duplicates merged into it) everywhere.</summary>
    public async Task<ActivityDeletion> DeleteActivityAsync(Guid activityId, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/v1/activities/{activityId}");
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync<ActivityDeletion>(response, cancellationToken);
    }

    /// <summary><c>POST /v1/imports</c>: uploads one FIT, TCX or GPX file.</summary>
    public async Task<ImportAccepted> ImportAsync(Stream file, string fileName, string? sport = null, CancellationToken cancellationToken = default)
    {
        using var content = new MultipartFormDataContent();
        using var fileContent = new StreamContent(file);
        fileContent.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(fileContent, "file", fileName);
        if (sport is not null)
            content.Add(new StringContent(sport), "sport");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/imports") { Content = content };
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync<ImportAccepted>(response, cancellationToken);
    }

    /// <summary><c>POST /v1/imports/archives</c>: uploads a ZIP of activity files (a Garmin or Strava export); a job imports it.</summary>
    public async Task<ArchiveImportStatus> UploadArchiveAsync(Stream archive, Visibility? visibility = null, CancellationToken cancellationToken = default)
    {
        using var content = new StreamContent(archive);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        var query = visibility is { } chosen ? $"?visibility={chosen.ToName()}" : "";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/imports/archives" + query) { Content = content };
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync<ArchiveImportStatus>(response, cancellationToken);
    }

    /// <summary><c>GET /v1/imports/archives/{id}</c>: the job's progress.</summary>
    public Task<ArchiveImportStatus> GetArchiveImportAsync(Guid importId, CancellationToken cancellationToken = default) =>
        GetAsync<ArchiveImportStatus>($"/v1/imports/archives/{importId}", cancellationToken);

    /// <summary><c>GET /v1/imports/archives/{id}/files</c>: a page of the archive's entries and their outcomes.</summary>
    public Task<ArchiveFileList> ListArchiveFilesAsync(Guid importId, string? status = null, string? after = null, int limit = 500, CancellationToken cancellationToken = default) =>
        GetAsync<ArchiveFileList>($"/v1/imports/archives/{importId}/files?limit={limit}" + (status is null ? "" : $"&status={status}")
            + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}"), cancellationToken);

    /// <summary><c>DELETE /v1/imports/archives/{id}</c>: undoes the import (its activities are deleted).</summary>
    public async Task<ArchiveImportStatus> UndoArchiveImportAsync(Guid importId, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/v1/imports/archives/{importId}");
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync<ArchiveImportStatus>(response, cancellationToken);
    }

    /// <summary><c>POST /v1/activities/{id}/gatt</c>: raw Bluetooth notifications, decoded by the server.</summary>
    public async Task<AcceptedResponse> PostGattAsync(Guid activityId, GattBatchRequest batch, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, $"/v1/activities/{activityId}/gatt", batch);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<AcceptedResponse>(response, cancellationToken);
    }

    /// <summary><c>POST /v1/challenges</c>.</summary>
    public async Task<Guid> CreateChallengeAsync(CreateChallengeRequest challenge, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, "/v1/challenges", challenge);
        using var response = await http.SendAsync(request, cancellationToken);
        return (await ReadAsync<ChallengeCreated>(response, cancellationToken)).ChallengeId;
    }

    /// <summary><c>POST /v1/challenges/{id}/join</c>.</summary>
    public async Task<ChallengeView> JoinChallengeAsync(Guid challengeId, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/challenges/{challengeId}/join");
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync<ChallengeView>(response, cancellationToken);
    }

    /// <summary><c>GET /v1/challenges/{id}/leaderboard</c>.</summary>
    public Task<List<LeaderboardEntry>> GetLeaderboardAsync(Guid challengeId, int limit = 50, bool aroundMe = false, CancellationToken cancellationToken = default) =>
        GetAsync<List<LeaderboardEntry>>($"/v1/challenges/{challengeId}/leaderboard?limit={limit}{(aroundMe ? "&around=me" : "")}", cancellationToken);

    /// <summary><c>GET /v1/challenges</c>.</summary>
    public Task<ChallengeList> ListChallengesAsync(CancellationToken cancellationToken = default) => GetAsync<ChallengeList>("/v1/challenges", cancellationToken);

    /// <summary><c>GET /v1/activities</c>.</summary>
    public Task<ActivityList> ListActivitiesAsync(CancellationToken cancellationToken = default) =>
        GetAsync<ActivityList>("/v1/activities", cancellationToken);

    /// <summary><c>GET /v1/activities?limit=&amp;before=</c>: a page of the athlete's activities, newest first, started before <paramref name="before"/>.</summary>
    public Task<ActivityList> ListActivitiesAsync(int limit, string? before, CancellationToken cancellationToken = default) =>
        GetAsync<ActivityList>(before is null ? $"/v1/activities?limit={limit}" : $"/v1/activities?limit={limit}&before={Uri.EscapeDataString(before)}", cancellationToken);

    /// <summary><c>POST /v1/me/export</c>: starts an export of everything the platform holds of the athlete (or answers the one on its way).</summary>
    public async Task<ExportStatus> StartExportAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/me/export");
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync<ExportStatus>(response, cancellationToken);
    }

    /// <summary><c>GET /v1/me/export/{id}</c>: the export's progress.</summary>
    public Task<ExportStatus> GetExportAsync(Guid exportId, CancellationToken cancellationToken = default) =>
        GetAsync<ExportStatus>($"/v1/me/export/{exportId}", cancellationToken);

    /// <summary>Downloads a finished export's ZIP into <paramref name="destination"/>.</summary>
    public async Task DownloadExportAsync(ExportStatus export, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(export);
        using var request = new HttpRequestMessage(HttpMethod.Get, export.Archive ?? throw new ArgumentException("The export is not finished.", nameof(export)));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    /// <summary><c>GET /v1/athletes/{athleteId}/activities</c>: another athlete's activities the caller may see.</summary>
    public Task<ActivityList> ListActivitiesOfAsync(Guid athleteId, CancellationToken cancellationToken = default) =>
        GetAsync<ActivityList>($"/v1/athletes/{athleteId}/activities", cancellationToken);

    /// <summary><c>GET /v1/athletes/{athleteId}/activities/{id}</c>: another athlete's activity, if they let the caller see it.</summary>
    public Task<ActivitySummary> GetActivityOfAsync(Guid athleteId, Guid activityId, CancellationToken cancellationToken = default) =>
        GetAsync<ActivitySummary>($"/v1/athletes/{athleteId}/activities/{activityId}", cancellationToken);

    /// <summary><c>GET /v1/athletes/{athleteId}/activities/{id}/streams</c>: another athlete's streams, positions in their privacy zones left out; every page.</summary>
    public async Task<ActivityStreams> GetStreamsOfAsync(Guid athleteId, Guid activityId, string resolution = "10s", CancellationToken cancellationToken = default) =>
        (await StreamPages.ReadAllAsync($"/v1/athletes/{athleteId}/activities/{activityId}/streams?resolution={resolution}",
            async path => await GetAsync<ActivityStreams>(path, cancellationToken)))!;

    /// <summary><c>GET /v1/me/records</c>: the athlete's personal records.</summary>
    public Task<PersonalRecordList> GetRecordsAsync(CancellationToken cancellationToken = default) => GetAsync<PersonalRecordList>("/v1/me/records", cancellationToken);

    /// <summary><c>GET /v1/activities/{id}/trust</c>: how far the game believes the activity, and why.</summary>
    public Task<ActivityTrust> GetTrustAsync(Guid activityId, CancellationToken cancellationToken = default) =>
        GetAsync<ActivityTrust>($"/v1/activities/{activityId}/trust", cancellationToken);

    /// <summary><c>GET /v1/me/privacy</c>.</summary>
    public Task<PrivacySettings> GetPrivacyAsync(CancellationToken cancellationToken = default) => GetAsync<PrivacySettings>("/v1/me/privacy", cancellationToken);

    /// <summary><c>PUT /v1/me/privacy</c>: replaces the privacy zones and the hidden start and end.</summary>
    public async Task<PrivacySettings> SetPrivacyAsync(PrivacySettingsRequest settings, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Put, "/v1/me/privacy", settings);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<PrivacySettings>(response, cancellationToken);
    }

    /// <summary><c>GET /v1/me/game-settings</c>: time zone and weekly goal.</summary>
    public Task<GameSettingsView> GetGameSettingsAsync(CancellationToken cancellationToken = default) => GetAsync<GameSettingsView>("/v1/me/game-settings", cancellationToken);

    /// <summary><c>PUT /v1/me/game-settings</c>: replaces the time zone and weekly goal.</summary>
    public async Task<GameSettingsView> SetGameSettingsAsync(GameSettingsView settings, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Put, "/v1/me/game-settings", settings);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<GameSettingsView>(response, cancellationToken);
    }

    /// <summary><c>GET /v1/me/zones</c>: the zones effort XP is counted in.</summary>
    public Task<ZonesView> GetZonesAsync(CancellationToken cancellationToken = default) => GetAsync<ZonesView>("/v1/me/zones", cancellationToken);

    /// <summary><c>PUT /v1/me/zones</c>: the athlete's own maximum heart rate and threshold power (null: estimated).</summary>
    public async Task<ZonesView> SetZonesAsync(ZoneSettings zones, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Put, "/v1/me/zones", zones);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync<ZonesView>(response, cancellationToken);
    }

    /// <summary><c>GET /v1/me/streaks</c>.</summary>
    public Task<StreaksView> GetStreaksAsync(CancellationToken cancellationToken = default) => GetAsync<StreaksView>("/v1/me/streaks", cancellationToken);

    /// <summary><c>GET /v1/activities/{id}</c>.</summary>
    public Task<ActivitySummary> GetActivityAsync(Guid activityId, CancellationToken cancellationToken = default) =>
        GetAsync<ActivitySummary>($"/v1/activities/{activityId}", cancellationToken);

    /// <summary><c>GET /v1/activities/{id}/streams</c>: every page, joined.</summary>
    public async Task<ActivityStreams> GetStreamsAsync(Guid activityId, string resolution = "10s", string? channels = null, CancellationToken cancellationToken = default) =>
        (await StreamPages.ReadAllAsync($"/v1/activities/{activityId}/streams?resolution={resolution}{(channels is null ? "" : "&channels=" + channels)}",
            async path => await GetAsync<ActivityStreams>(path, cancellationToken)))!;

    /// <summary><c>GET /v1/activities/{id}/streams?{query}</c>: one answer as it comes (a page, or a down-sampled stream).</summary>
    public Task<ActivityStreams> GetStreamsPageAsync(Guid activityId, string query, CancellationToken cancellationToken = default) =>
        GetAsync<ActivityStreams>($"/v1/activities/{activityId}/streams?{query}", cancellationToken);

    /// <summary><c>GET /v1/athletes?ids=</c>: public names of up to 200 athletes.</summary>
    public async Task<IReadOnlyList<AthleteName>> GetNamesAsync(IReadOnlyCollection<Guid> athleteIds, CancellationToken cancellationToken = default) =>
        (await GetAsync<AthleteNames>($"/v1/athletes?ids={string.Join(',', athleteIds)}", cancellationToken)).Items;

    /// <summary><c>GET /v1/me/progress</c>.</summary>
    public Task<ProgressResponse> GetProgressAsync(CancellationToken cancellationToken = default) =>
        GetAsync<ProgressResponse>("/v1/me/progress", cancellationToken);

    /// <summary><c>GET /v1/me/notifications?after=</c>.</summary>
    public Task<NotificationPage> GetNotificationsAsync(string? after = null, CancellationToken cancellationToken = default) =>
        GetAsync<NotificationPage>($"/v1/me/notifications{(after is null ? "" : "?after=" + Uri.EscapeDataString(after))}", cancellationToken);

    /// <summary>Opens the notification WebSocket.</summary>
    public Task<NotificationFeed> OpenNotificationFeedAsync(CancellationToken cancellationToken = default) =>
        NotificationFeed.ConnectAsync(BaseAddress, Token, cancellationToken);

    /// <summary>Sends any request with this athlete's token (for tests of odd inputs).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default) =>
        SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);

    /// <summary>Sends any request with this athlete's token, returning when <paramref name="completion"/> says.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http.SendAsync(request, completion, cancellationToken);
    }

    private async Task SendExpectingSuccessAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
            await ReadAsync<JsonObject>(response, cancellationToken);
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private HttpRequestMessage Request<TBody>(HttpMethod method, string path, TBody body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: ContractJson.Options) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return request;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            JsonObject? problem = null;
            if (response.Content.Headers.ContentLength is not 0)
            {
                try
                {
                    problem = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
                }
                catch (System.Text.Json.JsonException)
                {
                }
            }

            throw new ApiProblemException(response.StatusCode, problem, response.Headers.RetryAfter?.ToString());
        }

        return await response.Content.ReadFromJsonAsync<T>(ContractJson.Options, cancellationToken)
            ?? throw new ApiProblemException($"{(int)response.StatusCode}: empty body");
    }
}
