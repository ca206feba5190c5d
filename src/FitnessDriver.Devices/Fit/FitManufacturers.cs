namespace FitnessDriver.Devices.Fit;

/// <summary>Names of common FIT manufacturer ids, for readable device ids.</summary>
internal static class FitManufacturers
{
    private static readonly Dictionary<int, string> Names = new()
    {
        [1] = "garmin",
        [13] = "dynastream_oem",
        [15] = "dynastream",
        [23] = "suunto",
        [32] = "wahoo_fitness",
        [69] = "stages_cycling",
        [70] = "sigmasport",
        [89] = "tacx",
        [123] = "polar_electro",
        [255] = "development",
        [260] = "zwift",
        [263] = "favero_electronics",
        [265] = "strava",
        [294] = "coros",
    };

    public static string Name(int id) => Names.TryGetValue(id, out var name) ? name : $"manufacturer-{id}";
}
