using System.CommandLine;

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
}
