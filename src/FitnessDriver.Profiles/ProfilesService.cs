using FitnessDriver.Postgres;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Profiles;

/// <summary>Composition of the Profiles service.</summary>
public static class ProfilesService
{
    /// <summary>Registers the Profiles service.</summary>
    public static WebApplicationBuilder AddProfiles(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddServiceDatabase<ProfilesDatabase>("profiles-database");
        builder.Services.AddSingleton<IDisplayNames, ProfilesDisplayNames>();
        return builder;
    }

    /// <summary>Maps the Profiles endpoints.</summary>
    public static IEndpointRouteBuilder MapProfiles(this IEndpointRouteBuilder routes) => routes.MapAthletesApi();
}
