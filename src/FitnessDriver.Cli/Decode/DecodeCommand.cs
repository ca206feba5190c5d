using System.CommandLine;
using System.Text.Json;
using FitnessDriver.Contracts;
using FitnessDriver.Devices;
using Spectre.Console;

namespace FitnessDriver.Cli.Decode;

/// <summary><c>fd decode FILE [--json]</c>: decodes a FIT, TCX or GPX file locally, as the import would.</summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A FIT, TCX or GPX file." };
        var json = new Option<bool>("--json") { Description = "Print the activity summary and every sample as JSON." };
        file.Validators.Add(r => { if (r.GetValueOrDefault<FileInfo>() is { Exists: false } f) r.AddError($"{f.FullName} does not exist."); });
        var command = new Command("decode", "Decode an activity file and print its summary (or, with --json, its samples).") { file, json };
        command.SetAction(parse =>
        {
            using var output = Console.OpenStandardOutput();
            return Run(parse.GetValue(file)!, parse.GetValue(json), output);
        });
        return command;
    }

    /// <summary>Decodes <paramref name="file"/>; the JSON goes to <paramref name="output"/>, the table to the console.</summary>
    internal static int Run(FileInfo file, bool json, Stream output)
    {
        using var stream = file.OpenRead();
        try
        {
            var decoded = ActivityFileDecoder.Decode(stream);
            var summary = DecodedSummary.Of(decoded);
            if (json)
                WriteJson(decoded, summary, output);
            else
                WriteTable(file, decoded, summary);
            return 0;
        }
        catch (DeviceDecodeException e)
        {
            Console.Error.WriteLine($"{file.Name}: {e.Message}");
            return 1;
        }
    }

    private static void WriteJson(DecodedActivity decoded, DecodedSummary summary, Stream output)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("format", decoded.Format.ToString().ToLowerInvariant());
        writer.WriteString("sport", decoded.Sport?.ToName());
        writer.WritePropertyName("device");
        JsonSerializer.Serialize(writer, new { decoded.Device.StableId, decoded.Device.Manufacturer, decoded.Device.Product, decoded.Device.SerialNumber, decoded.Device.SoftwareVersion, decoded.Device.Creator }, ContractJson.Options);
        writer.WritePropertyName("summary");
        JsonSerializer.Serialize(writer, summary, ContractJson.Options);
        writer.WriteStartArray("samples");
        foreach (var sample in decoded.Samples)
            JsonSerializer.Serialize(writer, sample, ContractJson.Options);
        writer.WriteEndArray();
        writer.WritePropertyName("warnings");
        JsonSerializer.Serialize(writer, decoded.Warnings.Messages, ContractJson.Options);
        writer.WriteEndObject();
        writer.Flush();
        output.WriteByte((byte)'\n');
    }

    private static void WriteTable(FileInfo file, DecodedActivity decoded, DecodedSummary summary)
    {
        var table = new Table().Title(Markup.Escape(file.Name)).AddColumn("").AddColumn("");
        table.AddRow("Format", decoded.Format.ToString());
        table.AddRow("Sport", decoded.Sport?.ToName() ?? "unknown");
        table.AddRow("Device", Markup.Escape(decoded.Device.StableId));
        table.AddRow("Samples", $"{summary.Samples:N0}");
        table.AddRow("Start", summary.StartedAt ?? "–");
        table.AddRow("Duration", TimeSpan.FromSeconds(summary.DurationS).ToString());
        table.AddRow("Distance", $"{summary.DistanceM / 1000:0.00} km");
        table.AddRow("Heart rate", summary.AvgHr is { } hr ? $"avg {hr:0} · max {summary.MaxHr} bpm" : "–");
        table.AddRow("Power", summary.AvgPower is { } power ? $"avg {power:0} W" : "–");
        foreach (var warning in decoded.Warnings.Messages)
            table.AddRow("[yellow]Warning[/]", Markup.Escape(warning));
        AnsiConsole.Write(table);
    }
}
