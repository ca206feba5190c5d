using FitnessDriver.Client;
using FitnessDriver.Contracts.Api;

namespace FitnessDriver.Profiles.Export;

/// <summary><c>social.json</c> of an export: whom the athlete follows, who follows them or asks to, whom they block, their clubs and their comments.</summary>
internal sealed record SocialExport(IReadOnlyList<AthleteCard> Following, IReadOnlyList<AthleteCard> Followers, IReadOnlyList<AthleteCard> FollowRequests,
    IReadOnlyList<AthleteCard> Blocks, IReadOnlyList<ClubView> Clubs, IReadOnlyList<MyComment> Comments)
{
    public static async Task<SocialExport> ReadAsync(FitnessDriverClient client, Guid athleteId, int pageSize, CancellationToken cancellationToken) => new(
        await AllAsync(cursor => client.GetFollowListAsync(athleteId, followers: false, cursor, pageSize, cancellationToken), p => (p.Items, p.Cursor)),
        await AllAsync(cursor => client.GetFollowListAsync(athleteId, followers: true, cursor, pageSize, cancellationToken), p => (p.Items, p.Cursor)),
        (await client.GetFollowRequestsAsync(cancellationToken)).Items,
        await AllAsync(cursor => client.GetBlocksAsync(cursor, pageSize, cancellationToken), p => (p.Items, p.Cursor)),
        (await client.ListClubsAsync(cancellationToken: cancellationToken)).Items,
        await AllAsync(cursor => client.GetMyCommentsAsync(cursor, pageSize, cancellationToken), p => (p.Items, p.Cursor)));

    private static async Task<List<TItem>> AllAsync<TPage, TItem>(Func<string?, Task<TPage>> read, Func<TPage, (IReadOnlyList<TItem> Items, string? Cursor)> parts)
    {
        var all = new List<TItem>();
        string? cursor = null;
        do
        {
            var (items, next) = parts(await read(cursor));
            all.AddRange(items);
            cursor = next;
        }
        while (cursor is not null);
        return all;
    }
}
