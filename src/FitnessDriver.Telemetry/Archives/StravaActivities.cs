using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using FitnessDriver.Contracts;

namespace FitnessDriver.Telemetry.Archives;

/// <summary>
/// The <c>activities.csv</c> of a Strava bulk export: each activity's name and type, by the file it was exported to
/// (the <c>Filename</c> column, relative to the CSV's folder).
/// </summary>
internal static class StravaActivities
{
    /// <summary>An activity's name and, when its type maps to one, sport.</summary>
    public sealed record Details(string? Name, Sport? Sport);

    private static readonly Dictionary<string, Sport> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Run"] = Sport.Run, ["Trail Run"] = Sport.Run, ["Virtual Run"] = Sport.Run,
        ["Ride"] = Sport.Ride, ["Virtual Ride"] = Sport.Ride, ["E-Bike Ride"] = Sport.Ride, ["Mountain Bike Ride"] = Sport.Ride, ["Gravel Ride"] = Sport.Ride,
        ["Walk"] = Sport.Walk, ["Hike"] = Sport.Hike, ["Swim"] = Sport.Swim,
    };

    /// <summary>Whether an entry is such a list.</summary>
    public static bool IsList(string entry) => Path.GetFileName(entry).Equals("activities.csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a list into <paramref name="details"/>, keyed by archive path; a list that cannot be read adds nothing.</summary>
    public static void Read(Stream csv, string entry, Dictionary<string, Details> details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var folder = entry.Contains('/', StringComparison.Ordinal) ? entry[..(entry.LastIndexOf('/') + 1)] : "";
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, MissingFieldFound = null, DetectColumnCountChanges = false };
        using var reader = new CsvReader(new StreamReader(csv), configuration);
        try
        {
            if (!reader.Read() || !reader.ReadHeader())
                return;
            var header = reader.HeaderRecord!;
            var file = Array.FindIndex(header, h => h == "Filename");
            var name = Array.FindIndex(header, h => h == "Activity Name");
            var type = Array.FindIndex(header, h => h == "Activity Type");
            if (file < 0)
                return;
            while (reader.Read())
            {
                if (reader.GetField(file) is not { Length: > 0 } path)
                    continue;
                var title = name >= 0 ? reader.GetField(name) : null;
                Sport? sport = type >= 0 && reader.GetField(type) is { } kind && Types.TryGetValue(kind, out var mapped) ? mapped : null;
                details[folder + path] = new Details(string.IsNullOrWhiteSpace(title) ? null : title.Trim(), sport);
            }
        }
        catch (CsvHelperException)
        {
            // A damaged list only costs names and sports; the files still import with their own.
        }
    }
}
