using FitnessDriver.Hosting;
using FitnessDriver.Postgres;
using FitnessDriver.Profiles.Identity;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Profiles;

/// <summary>Composition of the Profiles service. It needs an <see cref="EventLog.IEventLog"/> registered by the host.</summary>
public static class ProfilesService
{
    /// <summary>Registers the Profiles service: athletes, credentials, sessions and the keys that sign their tokens.</summary>
    public static WebApplicationBuilder AddProfiles(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var auth = new AuthOptions();
        builder.Configuration.GetSection(AuthOptions.SectionName).Bind(auth);
        if (auth.AccessTokenMinutes is < 1 or > 24 * 60 || auth.RefreshTokenDays is < 1 or > 365 || auth.LegacyTokenDays is < 0 or > 365
            || auth.SigningKeyRotationDays is < 2 or > 365 || auth.PasswordIterations < 100_000)
        {
            throw new StartupException("Auth settings out of range: AccessTokenMinutes 1-1440, RefreshTokenDays 1-365, LegacyTokenDays 0-365, " +
                "SigningKeyRotationDays 2-365, PasswordIterations at least 100000.");
        }

        builder.Services.AddSingleton(auth);
        builder.Services.AddServiceDatabase<ProfilesDatabase>("profiles-database");
        builder.Services.AddSingleton<IDisplayNames, ProfilesDisplayNames>();
        builder.Services.AddSingleton<SigningKeys>();
        builder.Services.AddHostedService<SigningKeyRotation>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<Sessions>();
        builder.Services.AddSingleton<Credentials>();
        return builder;
    }

    /// <summary>Maps the Profiles endpoints.</summary>
    public static IEndpointRouteBuilder MapProfiles(this IEndpointRouteBuilder routes) => routes.MapAthletesApi().MapAuthApi();
}
