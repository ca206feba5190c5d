using System.CommandLine;
using System.Globalization;
using FitnessDriver.Cli.Bench;
using Spectre.Console;

namespace FitnessDriver.Cli.Cost;

/// <summary>
/// <c>fd cost</c>: measures what ingesting, storing, reading and notifying cost on a host of its own (or reads saved
/// measurements) and prints the platform's cost per user-year for growing numbers of users.
/// </summary>
internal static class CostCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var from = new Option<FileInfo?>("--from") { Description = "Measurements saved with --save (or read off a production cluster): compute from them without measuring." };
        var save = new Option<FileInfo?>("--save") { Description = "Write the measurements to this JSON file, for --from later." };
        var athletes = new Option<int>("--athletes", "-n") { Description = "Athletes recording at once in the ingest phase.", DefaultValueFactory = _ => 100 };
        var seconds = new Option<int>("--seconds") { Description = "Length of each of their rides (1 Hz samples with GPS).", DefaultValueFactory = _ => 600 };
        var sockets = new Option<int>("--sockets") { Description = "Notification WebSockets held open in the idle phase.", DefaultValueFactory = _ => 1000 };
        var hold = new Option<int>("--hold") { Description = "Seconds the idle phase holds them (and as long again without them, for the baseline).", DefaultValueFactory = _ => 20 };
        from.Validators.Add(r => { if (r.GetValueOrDefault<FileInfo?>() is { Exists: false } f) r.AddError($"--from: no file {f.FullName}."); });
        athletes.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100_000) r.AddError("--athletes must be between 1 and 100000."); });
        seconds.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 60 or > 86_400) r.AddError("--seconds must be between 60 and 86400."); });
        sockets.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100_000) r.AddError("--sockets must be between 1 and 100000."); });
        hold.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 5 or > 3600) r.AddError("--hold must be between 5 and 3600 seconds."); });
        // Cold by default: warmed up, the measured phase's compressed size came out larger, which is not understood yet.
        var warmUp = IngestWarmUp.Option(defaultSeconds: 0);
        var assumptions = new AssumptionOptions();
        var command = new Command("cost", "Cost per user-year for 10 k to 10 M users: measures CPU, storage and log per unit of work here (or reads them with --from) and prices them with stated assumptions.")
        {
            from, save, athletes, seconds, sockets, hold, warmUp,
        };
        assumptions.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetResult(from) is not null && new Option[] { athletes, seconds, sockets, hold, warmUp }.FirstOrDefault(o => r.GetResult(o) is { Implicit: false }) is { } measuring)
                r.AddError($"--from uses saved measurements: {measuring.Name} would measure again.");
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var assumed = assumptions.Read(parse);
                var measured = parse.GetValue(from) is { } file
                    ? MeasuredInputs.Load(file.FullName)
                    : await new CostMeasurement(new CostMeasurementSettings(parse.GetValue(athletes), parse.GetValue(seconds), parse.GetValue(sockets),
                        TimeSpan.FromSeconds(parse.GetValue(hold)), parse.GetValue(warmUp))).RunAsync(cancellationToken);
                if (parse.GetValue(save) is { } target)
                {
                    measured.Save(target.FullName);
                    console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Measurements saved to {target.FullName}.");
                }

                CostReport.Print(console, measured, assumed);
                return 0;
            }
            catch (InvalidDataException e)
            {
                console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{e.Message}[/]");
                return 2;
            }
        });
        return command;
    }
}
