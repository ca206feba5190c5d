using System.CommandLine;
using FitnessDriver.Cli.Simulate;

var root = new RootCommand("Fitness Driver: simulate athletes, import and decode activity files.")
{
    SimulateCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
