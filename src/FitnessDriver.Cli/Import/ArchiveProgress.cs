using System.Globalization;
using FitnessDriver.Client;
using FitnessDriver.Contracts.Api;
using Spectre.Console;

namespace FitnessDriver.Cli.Import;

/// <summary>Follows an archive import job until it ends, with a progress bar of its files, and prints what became of them.</summary>
internal static class ArchiveProgress
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>Polls the job until it is finished, failed or undone; returns its last status.</summary>
    public static async Task<ArchiveImportStatus> FollowAsync(FitnessDriverClient client, Guid importId, CancellationToken cancellationToken)
    {
        ArchiveImportStatus status = null!;
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Listing the archive", maxValue: 1);
                while (true)
                {
                    status = await client.GetArchiveImportAsync(importId, cancellationToken);
                    if (status.Files.Total is { } total)
                    {
                        task.MaxValue = Math.Max(1, total);
                        task.Value = status.Files.Done;
                        task.Description = string.Create(CultureInfo.InvariantCulture,
                            $"{status.Files.Done:N0}/{total:N0} files · {status.Files.Imported:N0} new, {status.Files.Merged:N0} merged, {status.Files.Failed:N0} failed · {status.Samples:N0} samples");
                    }

                    if (status.Status is "finished" or "failed" or "undone")
                    {
                        task.Value = task.MaxValue;
                        return;
                    }

                    await Task.Delay(PollEvery, cancellationToken);
                }
            });
        return status;
    }

    /// <summary>Prints the counts, every failed file with its reason, and the skipped entries grouped by reason.</summary>
    public static async Task PrintAsync(FitnessDriverClient client, ArchiveImportStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(status);
        var files = status.Files;
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"Import {status.ImportId} [bold]{status.Status}[/]: {files.Imported:N0} new activities, {files.Merged:N0} merged into existing ones, {files.Failed:N0} failed, {files.Skipped:N0} entries skipped, {status.Samples:N0} samples.");
        if (status.Error is { } error)
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{error}[/]");
        var failed = new Table().AddColumns("Failed file", "Reason");
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in await AllAsync(client, status.ImportId, cancellationToken))
        {
            if (file.Status == "failed")
                failed.AddRow(Markup.Escape(file.Entry), Markup.Escape(file.Reason ?? ""));
            else if (file.Status == "skipped")
                skipped[file.Reason ?? ""] = skipped.GetValueOrDefault(file.Reason ?? "") + 1;
        }

        if (failed.Rows.Count > 0)
            AnsiConsole.Write(failed);
        if (skipped.Count > 0)
        {
            var reasons = new Table().AddColumns("Skipped because", "Entries");
            foreach (var (reason, count) in skipped.OrderByDescending(s => s.Value))
                reasons.AddRow(Markup.Escape(reason), count.ToString("N0", CultureInfo.InvariantCulture));
            AnsiConsole.Write(reasons);
        }
    }

    private static async Task<List<ArchiveFileResult>> AllAsync(FitnessDriverClient client, Guid importId, CancellationToken cancellationToken)
    {
        var all = new List<ArchiveFileResult>();
        string? after = null;
        do
        {
            var page = await client.ListArchiveFilesAsync(importId, after: after, cancellationToken: cancellationToken);
            all.AddRange(page.Items);
            after = page.Cursor;
        }
        while (after is not null);
        return all;
    }
}
