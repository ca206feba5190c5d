using System.CommandLine;
using FitnessDriver.Cli.Bench;
using FitnessDriver.Cli.Cost;
using FitnessDriver.Cli.Dlq;
using FitnessDriver.Cli.Decode;
using FitnessDriver.Cli.Import;
using FitnessDriver.Cli.Simulate;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

var root = new RootCommand("Fitness Driver: simulate athletes, import and decode activity files, dead-letter topics, benchmarks, cost per user-year.")
{
    SimulateCommand.Create(),
    ImportCommand.Create(),
    ImportArchiveCommand.Create(),
    DecodeCommand.Create(),
    DlqCommand.Create(new ConfigurationBuilder().AddEnvironmentVariables().Build(), AnsiConsole.Console),
    BenchCommand.Create(),
    CostCommand.Create(AnsiConsole.Console),
};
return await root.Parse(args).InvokeAsync();
