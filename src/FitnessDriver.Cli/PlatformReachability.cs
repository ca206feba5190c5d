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
}
