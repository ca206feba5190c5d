using System.CommandLine;

namespace FitnessDriver.Cli.Simulate;

/// <summary><c>fd simulate</c>: athletes run or ride with 1 Hz sensors against a running platform.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var url = CommonOptions.Url();
        var athletes = new Option<int>("--athletes", "-n") { Description = "Athletes to simulate at once.", DefaultValueFactory = _ => 10 };
        var duration = new Option<int>("--duration", "-d") { Description = "How long to run, in seconds of wall-clock time.", DefaultValueFactory = _ => 60 };
        var speedup = new Option<int>("--speedup", "-x")
        {
            Description = "Seconds of activity sent per second (60 = an hour of samples in a minute).",
            DefaultValueFactory = _ => 20,
        };
        athletes.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100_000) r.AddError("--athletes must be between 1 and 100000."); });
        duration.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 86_400) r.AddError("--duration must be between 1 and 86400 seconds."); });
        var flood = new Option<bool>("--flood")
        {
            Description = "Also have one more athlete upload 1,000 km of samples at once, whose achievements flood the outbox; the latency shown is the others'.",
        };
        speedup.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 3600) r.AddError("--speedup must be between 1 and 3600."); });

        var format = SampleFormats.Option();
        var command = new Command("simulate", "Simulate athletes recording activities; shows sent/acknowledged samples, level-ups and latency live.")
        {
            url, athletes, duration, speedup, flood, format,
        };
        command.SetAction((parse, cancellationToken) => new Simulation(new SimulationSettings(
            parse.GetValue(url)!, parse.GetValue(athletes), TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(speedup), parse.GetValue(flood),
            parse.GetValue(format))).RunAsync(cancellationToken));
        return command;
    }
}

/// <summary>What to simulate.</summary>
internal sealed record SimulationSettings(Uri Url, int Athletes, TimeSpan Duration, int Speedup, bool Flood = false, SampleFormat Format = SampleFormat.Compact);
