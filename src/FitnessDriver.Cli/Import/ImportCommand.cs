using System.CommandLine;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using Spectre.Console;

namespace FitnessDriver.Cli.Import;

/// <summary><c>fd import FILE...</c>: uploads FIT, TCX or GPX files to a running platform with a progress bar per file.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "FIT, TCX or GPX files.", Arity = ArgumentArity.OneOrMore };
        var url = CommonOptions.Url();
        var token = CommonOptions.Token();
        var sport = new Option<string?>("--sport") { Description = $"Override the file's sport: {string.Join(", ", SportNames.All)}." };
        sport.Validators.Add(r => { if (r.GetValueOrDefault<string?>() is { } s && !SportNames.TryParse(s, out _)) r.AddError($"--sport must be one of {string.Join(", ", SportNames.All)}."); });
        files.Validators.Add(r =>
        {
            foreach (var missing in r.GetValueOrDefault<FileInfo[]>()?.Where(f => !f.Exists) ?? [])
                r.AddError($"{missing.FullName} does not exist.");
        });

        var command = new Command("import", "Import activity files; each becomes an activity, or joins the activity another device recorded of the same workout.")
        {
            files, url, token, sport,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(files)!, parse.GetValue(url)!, parse.GetValue(token), parse.GetValue(sport), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo[] files, Uri url, string? token, string? sport, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(10) };
        if (await CommonOptions.AthleteAsync(http, token, "Imported activities", cancellationToken) is not { } client)
            return 2;

        var results = new Table().AddColumns("File", "Activity", "Samples", "Result");
        var failures = 0;
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn())
            .StartAsync(async progress =>
            {
                foreach (var file in files)
                {
                    var task = progress.AddTask(Markup.Escape(file.Name), maxValue: Math.Max(1, file.Length));
                    try
                    {
                        await using var stream = new CountingStream(file.OpenRead(), read => task.Value = read);
                        var accepted = await client.ImportAsync(stream, file.Name, sport, cancellationToken);
                        results.AddRow(Markup.Escape(file.Name), accepted.ActivityId.ToString(), $"{accepted.Samples:N0}",
                            accepted.Merged ? "[green]merged into an activity of another device[/]" : "[green]imported[/]");
                    }
                    catch (ApiProblemException e)
                    {
                        failures++;
                        results.AddRow(Markup.Escape(file.Name), "", "", $"[red]{(int)e.Status}: {Markup.Escape(e.Problem?["detail"]?.ToString() ?? e.Message)}[/]");
                    }

                    task.Value = task.MaxValue;
                }
            });
        AnsiConsole.Write(results);
        return failures == 0 ? 0 : 1;
    }
}
