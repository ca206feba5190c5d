using FitnessDriver.Hosting;
using FitnessDriver.Postgres;

namespace FitnessDriver.Profiles;

/// <summary>
/// Residency regions: each keeps its athletes' personal data in a database of its own (152-FZ, for one, wants Russian
/// citizens' data in Russia). Configured as <c>Profiles:Regions:&lt;name&gt;:Code</c> (1-255) and
/// <c>:ConnectionString</c>, with <c>Profiles:DefaultRegion</c>; without regions there is one, <c>default</c>, on
/// <c>ConnectionStrings:Profiles</c>. An athlete id carries its region's code (bytes 14 and 15), so every request
/// finds the athlete's database without a directory; ids minted before regions existed belong to the default region.
/// </summary>
public sealed class ProfileRegions
{
    private const byte Marker = 0xFD;
    private readonly Dictionary<byte, Region> byCode = [];

    /// <summary>One region.</summary>
    public sealed record Region(string Name, byte Code, ProfilesDatabase Database);

    /// <summary>Reads the regions from configuration.</summary>
    public ProfileRegions(IConfiguration configuration, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(loggers);
        foreach (var (name, code, connectionString) in Configured(configuration))
        {
            var region = new Region(name, code, new ProfilesDatabase(name, connectionString, loggers.CreateLogger<ProfilesDatabase>()));
            byCode[code] = region;
        }

        var defaultName = configuration["Profiles:DefaultRegion"] ?? byCode.Values.First().Name;
        Default = byCode.Values.FirstOrDefault(r => r.Name == defaultName)
            ?? throw new StartupException($"Profiles:DefaultRegion names '{defaultName}', which is not among Profiles:Regions ({string.Join(", ", byCode.Values.Select(r => r.Name))}).");
    }

    /// <summary>The region of athletes who choose none, and of ids from before regions.</summary>
    public Region Default { get; }

    /// <summary>Every region.</summary>
    public IReadOnlyCollection<Region> All => byCode.Values;

    /// <summary>The region named <paramref name="name"/>, or null.</summary>
    public Region? Named(string? name) => byCode.Values.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The database that holds <paramref name="athleteId"/>.</summary>
    public ProfilesDatabase Of(Guid athleteId) => RegionOf(athleteId).Database;

    /// <summary>The region of <paramref name="athleteId"/>.</summary>
    public Region RegionOf(Guid athleteId)
    {
        Span<byte> bytes = stackalloc byte[16];
        athleteId.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes[14] == Marker && byCode.TryGetValue(bytes[15], out var region) ? region : Default;
    }

    /// <summary>A new athlete id in <paramref name="region"/> (a version-7 UUID whose last two random bytes name the region).</summary>
    public static Guid NewAthleteId(Region region)
    {
        ArgumentNullException.ThrowIfNull(region);
        Span<byte> bytes = stackalloc byte[16];
        Guid.CreateVersion7().TryWriteBytes(bytes, bigEndian: true, out _);
        bytes[14] = Marker;
        bytes[15] = region.Code;
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The regions configuration names, for registration (health checks need their names up front).</summary>
    public static IEnumerable<(string Name, byte Code, string ConnectionString)> Configured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var sections = configuration.GetSection("Profiles:Regions").GetChildren().ToList();
        if (sections.Count == 0)
        {
            yield return ("default", 1, ServiceDatabase.ConnectionStringFor(configuration, "Profiles"));
            yield break;
        }

        var codes = new HashSet<int>();
        foreach (var section in sections)
        {
            if (!int.TryParse(section["Code"], System.Globalization.CultureInfo.InvariantCulture, out var code) || code is < 1 or > 255 || !codes.Add(code))
                throw new StartupException($"Profiles:Regions:{section.Key}:Code must be a number from 1 to 255, different for each region.");
            if (section["ConnectionString"] is not { Length: > 0 } connectionString)
                throw new StartupException($"Profiles:Regions:{section.Key}:ConnectionString is required: each region keeps its athletes in a database of its own.");
            yield return (section.Key, (byte)code, connectionString);
        }
    }
}
