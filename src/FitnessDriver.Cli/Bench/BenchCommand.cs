using System.CommandLine;

namespace FitnessDriver.Cli.Bench;

/// <summary><c>fd bench …</c>: benchmarks that print figures next to a baseline measured in the same run.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var size = new Option<int>("--size-mb") { Description = "Size of the generated FIT file in MB.", DefaultValueFactory = _ => 30 };
        var runs = new Option<int>("--runs") { Description = "Runs of each phase; the best is reported.", DefaultValueFactory = _ => 3 };
        size.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 2000) r.AddError("--size-mb must be between 1 and 2000."); });
        runs.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 20) r.AddError("--runs must be between 1 and 20."); });
        var decode = new Command("decode", "Decode throughput (records/s) and peak memory for a generated FIT file, against reading it with its CRC.") { size, runs };
        decode.SetAction(parse => new DecodeBenchmark(parse.GetValue(size), parse.GetValue(runs)).Run());
        return new Command("bench", "Benchmarks.") { decode };
    }
}
