using System.CommandLine;
using FitnessDriver.Cli.Bench;
using FitnessDriver.Cli.Decode;
using FitnessDriver.Cli.Import;
using FitnessDriver.Cli.Simulate;

var root = new RootCommand("Fitness Driver: simulate athletes, import and decode activity files, benchmarks.")
{
    SimulateCommand.Create(),
    ImportCommand.Create(),
    DecodeCommand.Create(),
    BenchCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
