using FitnessDriver.Hosting;
using FitnessDriver.Postgres;
using FitnessDriver.Profiles.Export;
using FitnessDriver.Profiles.Identity;
using FitnessDriver.Profiles.Privacy;
using FitnessDriver.ServiceDefaults;
using FitnessDriver.ServiceDefaults.Privacy;

namespace FitnessDriver.Profiles;

/// <summary>Composition of the Profiles service. It needs an <see cref="EventLog.IEventLog"/> registered by the host.</summary>
public static class ProfilesService
{
    /// <summary>Registers the Profiles service: athletes in their regions, their data keys, credentials, sessions and the keys that sign tokens.</summary>
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
        builder.Services.AddSingleton<ProfileRegions>();
        // The default region's database also holds what is not any athlete's (the keys that sign tokens).
        builder.Services.AddSingleton(sp => sp.GetRequiredService<ProfileRegions>().Default.Database);
        foreach (var (name, _, _) in ProfileRegions.Configured(builder.Configuration))
        {
            builder.Services.AddServiceDatabase($"profiles-database-{name}",
                sp => sp.GetRequiredService<ProfileRegions>().Named(name)!.Database);
        }

        builder.Services.AddSingleton<IMasterKey, LocalMasterKey>();
        builder.Services.AddSingleton<AthleteKeyStore>();
        builder.Services.AddSingleton<IAthleteKeys>(sp => sp.GetRequiredService<AthleteKeyStore>());
        builder.Services.AddSingleton<IDisplayNames, ProfilesDisplayNames>();
        builder.Services.AddSingleton<PrivacySettingsStore>();
        builder.Services.AddSingleton<IPrivacySettings>(sp => sp.GetRequiredService<PrivacySettingsStore>());
        builder.Services.AddSingleton<SigningKeys>();
        builder.Services.AddHostedService<SigningKeyRotation>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<Sessions>();
        builder.Services.AddSingleton<Credentials>();
        builder.Services.AddSingleton<LegacyCredentialSealing>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LegacyCredentialSealing>());
        builder.Services.AddSingleton<ExportJobs>();
        builder.Services.AddSingleton<PlatformApi>();
        builder.Services.AddSingleton<ExportArchive>();
        builder.Services.AddSingleton<ExportWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ExportWorker>());
        builder.Services.AddWorkerSupervision();
        builder.Services.AddSingleton<ErasurePublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ErasurePublisher>());
        builder.Services.AddSingleton<Erasures>();
        return builder;
    }

    /// <summary>Maps the Profiles endpoints.</summary>
    public static IEndpointRouteBuilder MapProfiles(this IEndpointRouteBuilder routes) =>
        routes.MapAthletesApi().MapAuthApi().MapMeApi().MapExportApi().MapKeysApi();
}
