using Spectre.Console;

namespace FitnessDriver.Cli.Tests;

/// <summary>A console that writes plain text, wide enough that tables do not wrap, into a <see cref="StringWriter"/>.</summary>
internal static class PlainConsole
{
    public static IAnsiConsole Create(StringWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 240;
        return console;
    }
}
