using System.Globalization;
using Spectre.Console;

namespace FitnessDriver.Cli;

/// <summary>Tells the user, in one line, when the platform a command talks to is not there or not ready.</summary>
internal static class PlatformReachability
{
    public static async Task<bool> CheckAsync(HttpClient http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
            if (response.IsSuccessStatusCode)
                return true;
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{http.BaseAddress} answers {(int)response.StatusCode} on /health/ready: the platform is not ready.[/]");
        }
        catch (HttpRequestException e)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]Cannot reach {http.BaseAddress}: {e.Message}[/]");
            AnsiConsole.MarkupLine("Start the platform first: [bold]dotnet run --project src/FitnessDriver.Host[/]");
        }

        return false;
    }

    /// <summary>Says what to do when the platform refused to sign up as many athletes as a simulation needs.</summary>
    public static void ExplainSignUpLimit()
    {
        AnsiConsole.MarkupLine("[red]The platform refused further sign-ups from this address (429): sign-ups are limited per address.[/]");
        AnsiConsole.MarkupLine("To simulate many athletes, start the host with a higher limit, e.g. " +
            "[bold]dotnet run --project src/FitnessDriver.Host -- --RateLimits:SignUpBurst=1000000[/]");
    }
}
