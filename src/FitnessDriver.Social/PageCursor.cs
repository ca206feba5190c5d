using System.Globalization;

namespace FitnessDriver.Social;

/// <summary>Where a page ended, newest first: a time and an id to break ties. Written as <c>{epoch µs}.{id}</c>.</summary>
public readonly record struct PageCursor(DateTime At, Guid Id)
{
    /// <summary>Before everything.</summary>
    public static PageCursor Start { get; } = new(DateTime.MaxValue.AddDays(-1), Guid.Empty);

    /// <summary>Reads a cursor a list gave; no text is <see cref="Start"/>.</summary>
    public static bool TryParse(string? text, out PageCursor cursor)
    {
        cursor = Start;
        if (text is null)
            return true;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            || micros > DateTime.MaxValue.Ticks / 10 - DateTime.UnixEpoch.Ticks / 10 || !Guid.TryParse(text.AsSpan(dot + 1), out var id))
            return false;
        cursor = new PageCursor(DateTime.UnixEpoch.AddTicks(micros * 10), id);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(DateTime.SpecifyKind(At, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / 10}.{Id:N}");
}
