using System.Globalization;
using System.Text.Json.Nodes;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Gamification.Rules;
using FitnessDriver.Testing;

namespace FitnessDriver.Gamification.Tests;

/// <summary>
/// The game's distance rules against <c>testdata/game-vectors.json</c>, the file the mobile app's offline engine is
/// tested with too (mobile/test/gameVectors.test.ts), so XP, levels and badges shown offline match the server's.
/// </summary>
public sealed class GameVectorTests
{
    private static readonly Lazy<JsonObject> Document = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "testdata", "game-vectors.json")))!.AsObject());

    private static readonly GamificationOptions Defaults = new();

    private static JsonArray Section(string name) => Document.Value[name]!.AsArray();

    public static TheoryData<string, double, int> XpCases() =>
        new(Section("xp").Select(c => ((string)c!["sport"]!, (double)c["distanceM"]!, (int)c["xp"]!)));

    public static TheoryData<int, long> ThresholdCases() => new(Section("thresholds").Select(c => ((int)c!["level"]!, (long)c["xp"]!)));

    public static TheoryData<long, int> LevelCases() => new(Section("levels").Select(c => ((long)c!["xp"]!, (int)c["level"]!)));

    public static TheoryData<string, double, string> BadgeCases() =>
        new(Section("badges").Select(c => ((string)c!["sport"]!, (double)c["distanceM"]!, string.Join(",", c["badges"]!.AsArray().Select(b => (string)b!)))));

    [Fact]
    public void Vector_file_holds_the_default_options_and_the_badge_catalogue()
    {
        var options = Document.Value["options"]!;
        var xpPerKm = options["xpPerKm"]!.AsObject().ToDictionary(p => p.Key, p => (int)p.Value!);
        Assert.Equal(Defaults.XpPerKm.OrderBy(p => p.Key, StringComparer.Ordinal), xpPerKm.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(Defaults.Levels.BaseXp, (double)options["levels"]!["baseXp"]!);
        Assert.Equal(Defaults.Levels.Exponent, (double)options["levels"]!["exponent"]!);

        var curve = new LevelCurve(Defaults.Levels);
        var maxLevel = (int)options["maxLevel"]!;
        Assert.Equal(maxLevel, curve.LevelFor(long.MaxValue / 2));

        var catalogue = Section("badgeCatalogue")
            .Select(b => $"{(string)b!["id"]!}|{(string)b["name"]!}|{((double)b["distanceM"]!).ToString(CultureInfo.InvariantCulture)}|{string.Join(",", b["sports"]!.AsArray().Select(s => (string)s!))}");
        var actual = Badges.All.Select(b =>
            $"{b.Id}|{b.Name}|{b.DistanceM.ToString(CultureInfo.InvariantCulture)}|{string.Join(",", b.Sports.OrderBy(s => s).Select(s => s.ToName()))}");
        Assert.Equal(catalogue, actual);
    }

    /// <summary>XP as the server pays it: a kilometre award for each kilometre the activity's distance crosses.</summary>
    [Theory]
    [MemberData(nameof(XpCases))]
    public void Distance_earns_xp(string sportName, double distanceM, int xp)
    {
        Assert.True(SportNames.TryParse(sportName, out var sport));
        var crossed = Ride(sport, distanceM, out _);
        Assert.Equal(xp, crossed.Count * Defaults.XpFor(sport));
    }

    [Theory]
    [MemberData(nameof(ThresholdCases))]
    public void Level_starts_at_its_threshold(int level, long xp) => Assert.Equal(xp, new LevelCurve(Defaults.Levels).ThresholdFor(level));

    [Theory]
    [MemberData(nameof(LevelCases))]
    public void Total_xp_gives_the_level(long xp, int level) => Assert.Equal(level, new LevelCurve(Defaults.Levels).LevelFor(xp));

    /// <summary>Badges as the server awards them: those the activity's distance, as it measured it, has earned.</summary>
    [Theory]
    [MemberData(nameof(BadgeCases))]
    public void Distance_earns_badges(string sportName, double distanceM, string badges)
    {
        Assert.True(SportNames.TryParse(sportName, out var sport));
        Ride(sport, distanceM, out var progress);
        Assert.Equal(badges, string.Join(",", Badges.All.Where(b => b.IsEarnedBy(sport, progress.DistanceM)).Select(b => b.Id)));
    }

    /// <summary>One activity covering <paramref name="distanceM"/> at 2 m/s (plausible for every sport), as its device reports it.</summary>
    private static List<KilometreCrossed> Ride(Sport sport, double distanceM, out ActivityProgress progress)
    {
        var activity = Guid.NewGuid();
        progress = new ActivityProgress(activity, Guid.NewGuid(), sport);
        var track = new DeviceTrack(activity, "watch", Defaults.MaxSpeedFor(sport));
        var samples = new List<Sample>();
        var steps = (int)Math.Floor(distanceM / 20);
        for (var i = 0; i <= steps; i++)
            samples.Add(new Sample(i * 10_000L, Distance: i * 20.0));
        if (steps * 20.0 < distanceM)
            samples.Add(new Sample((steps + 1) * 10_000L, Distance: distanceM));
        var crossed = progress.Advance(track, samples);
        Assert.Equal(0, track.RejectedM);
        return crossed;
    }
}
