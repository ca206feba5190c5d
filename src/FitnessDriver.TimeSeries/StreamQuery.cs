using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.TimeSeries;

/// <summary>The query string of <c>GET …/streams</c>.</summary>
/// <param name="Channels">Comma-separated channels; none for every channel with data.</param>
/// <param name="Resolution"><c>1s</c>, <c>10s</c> (default) or <c>1m</c>.</param>
/// <param name="From">Epoch ms: buckets starting at or after it (a page's <c>next</c>).</param>
/// <param name="To">Epoch ms: buckets starting before it.</param>
/// <param name="Limit">Buckets of time a page spans at most.</param>
/// <param name="Points">Down-sample to at most this many points instead of paging.</param>
public sealed record StreamQuery(string? Channels, string? Resolution, long? From, long? To, int? Limit, int? Points)
{
    /// <summary>The errors by parameter, or null when the query is valid.</summary>
    public IDictionary<string, string[]>? Validate()
    {
        var errors = new ValidationErrors();
        if (!StreamQueries.Resolutions.ContainsKey(Resolution ?? "10s"))
            errors.Add("resolution", $"must be one of {string.Join(", ", StreamQueries.Resolutions.Keys)}");
        foreach (var unknown in ChannelList() ?? [])
        {
            if (!StreamQueries.Channels.Contains(unknown))
                errors.Add("channels", $"'{unknown}' is not a channel; use {string.Join(", ", StreamQueries.Channels)}");
        }

        if (From is { } from && To is { } to && to <= from)
            errors.Add("to", "must be after from");
        if (Limit is < 1 or > StreamRequest.MaxLimit)
            errors.Add("limit", $"must be between 1 and {StreamRequest.MaxLimit}");
        if (Points is < 2 or > StreamRequest.MaxLimit)
            errors.Add("points", $"must be between 2 and {StreamRequest.MaxLimit}");
        if (Points is not null && Limit is not null)
            errors.Add("points", "a down-sampled stream comes in one answer: give points or limit, not both");
        return errors.IsEmpty ? null : errors.ToDictionary();
    }

    /// <summary>The validated query.</summary>
    public StreamRequest ToRequest() => new(Resolution ?? "10s", ChannelList(), From, To, Limit ?? StreamRequest.DefaultLimit, Points);

    private List<string>? ChannelList() => string.IsNullOrWhiteSpace(Channels)
        ? null
        : [.. Channels.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];
}
