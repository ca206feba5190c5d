using System.CommandLine;
using System.Globalization;
using FitnessDriver.Client;
using Spectre.Console;

namespace FitnessDriver.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    /// <summary><c>--url</c>: the platform's base address.</summary>
    public static Option<Uri> Url() => new("--url")
    {
        Description = "Base address of the platform.",
        DefaultValueFactory = _ => new Uri("http://127.0.0.1:5080"),
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                return uri;
            result.AddError($"--url must be an http:// or https:// address, not '{text}'.");
            return null;
        },
    };

    /// <summary><c>--token</c>: the athlete to act as.</summary>
    public static Option<string?> Token() => new("--token")
    {
        Description = "Bearer token of the athlete (default: $FD_TOKEN; without one, a new athlete is signed up and its token printed).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FD_TOKEN"),
    };

    /// <summary>The athlete of <paramref name="token"/>, or a new one signed up (its token printed); null when the platform cannot be reached.</summary>
    public static async Task<FitnessDriverClient?> AthleteAsync(HttpClient http, string? token, string newName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        FitnessDriverClient client;
        try
        {
            client = token is null
                ? await FitnessDriverClient.SignUpAsync(http, newName, cancellationToken)
                : new FitnessDriverClient(http, Guid.Empty, token);
        }
        catch (HttpRequestException e)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]Cannot reach {http.BaseAddress}: {e.Message}[/]");
            return null;
        }

        if (token is null)
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Signed up athlete {client.AthleteId}; reuse it with --token {client.Token}");
        return client;
    }
}
