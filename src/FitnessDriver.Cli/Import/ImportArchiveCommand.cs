using System.CommandLine;
using System.Globalization;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using Spectre.Console;

namespace FitnessDriver.Cli.Import;

/// <summary>
/// <c>fd import-archive FILE.zip</c>: uploads a Garmin Connect or Strava export (or any ZIP of activity files) and follows
/// the import job with a progress bar; <c>--undo ID</c> takes a finished import back.
/// </summary>
internal static class ImportArchiveCommand
{
    public static Command Create()
    {
        var archive = new Argument<FileInfo?>("archive") { Description = "The ZIP: a Garmin Connect data export, a Strava bulk export, or any ZIP of FIT, TCX and GPX files.", Arity = ArgumentArity.ZeroOrOne };
        var url = CommonOptions.Url();
        var token = CommonOptions.Token();
        var visibility = new Option<string?>("--visibility") { Description = $"Who may see the imported activities: {string.Join(", ", VisibilityNames.All)} (default everyone)." };
        var undo = new Option<Guid?>("--undo") { Description = "Undo the import with this id instead: every activity it created is deleted." };
        visibility.Validators.Add(r => { if (r.GetValueOrDefault<string?>() is { } v && !VisibilityNames.TryParse(v, out _)) r.AddError($"--visibility must be one of {string.Join(", ", VisibilityNames.All)}."); });
        archive.Validators.Add(r => { if (r.GetValueOrDefault<FileInfo?>() is { Exists: false } missing) r.AddError($"{missing.FullName} does not exist."); });

        var command = new Command("import-archive", "Import a whole history from an export archive, as a job that survives restarts; shows its progress and what became of each file.")
        {
            archive, url, token, visibility, undo,
        };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(archive) is null) == (r.GetValue(undo) is null))
                r.AddError("Give either an archive to import or --undo with an import id.");
        });
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(archive), parse.GetValue(url)!, parse.GetValue(token), parse.GetValue(visibility),
            parse.GetValue(undo), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? file, Uri url, string? token, string? visibility, Guid? undo, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromHours(2) };
        if (await CommonOptions.AthleteAsync(http, token, "Imported history", cancellationToken) is not { } client)
            return 2;
        try
        {
            var importId = undo ?? await UploadAsync(client, file!, visibility, cancellationToken);
            if (undo is { } id)
                await client.UndoArchiveImportAsync(id, cancellationToken);
            var status = await ArchiveProgress.FollowAsync(client, importId, cancellationToken);
            await ArchiveProgress.PrintAsync(client, status, cancellationToken);
            if (undo is null && status.Status == "finished")
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Undo it with: fd import-archive --undo {importId}");
            return status.Status is "finished" or "undone" ? 0 : 1;
        }
        catch (ApiProblemException e)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{(int)e.Status}: {e.Problem?["detail"]?.ToString() ?? e.Message}[/]");
            return 1;
        }
    }

    private static async Task<Guid> UploadAsync(FitnessDriverClient client, FileInfo file, string? visibility, CancellationToken cancellationToken)
    {
        Guid importId = default;
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"Uploading {Markup.Escape(file.Name)}", maxValue: Math.Max(1, file.Length));
                await using var stream = new CountingStream(file.OpenRead(), read => task.Value = read);
                var accepted = await client.UploadArchiveAsync(stream, visibility is null ? null : VisibilityNames.TryParse(visibility, out var v) ? v : null, cancellationToken);
                importId = accepted.ImportId;
                task.Value = task.MaxValue;
            });
        return importId;
    }
}
