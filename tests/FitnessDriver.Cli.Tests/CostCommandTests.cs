using System.CommandLine;
using FitnessDriver.Cli.Cost;
using FitnessDriver.Testing;

namespace FitnessDriver.Cli.Tests;

/// <summary><c>fd cost</c>'s options and <c>--from</c>/<c>--save</c> files; nothing here measures.</summary>
public sealed class CostCommandTests : IDisposable
{
    private readonly TemporaryDirectory directory = new("fd-cost");

    [Theory]
    [InlineData("--monthly-active must be between 0 and 1", "--monthly-active", "1.5")]
    [InlineData("--price-vcpu-hour must be between 0 and 1000", "--price-vcpu-hour", "-0.01")]
    [InlineData("--hold must be between 5 and 3600 seconds", "--hold", "1")]
    [InlineData("--seconds must be between 60 and 86400", "--seconds", "10")]
    [InlineData("--warm-up must be between 0 and 3600", "--warm-up", "-1")]
    [InlineData("--from: no file", "--from", "missing.json")]
    [InlineData("--assumptions: no file", "--assumptions", "missing.json")]
    public void Options_out_of_range_are_refused(string error, params string[] args)
    {
        var errors = Parse(args).Errors.Select(e => e.Message).ToList();

        Assert.Contains(errors, e => e.StartsWith(error, StringComparison.Ordinal));
    }

    [Fact]
    public void Measuring_options_are_refused_next_to_from()
    {
        var file = Path.Combine(directory.Path, "measured.json");
        CostModelTests.Measured.Save(file);

        Assert.Contains(Parse("--from", file, "--athletes", "5").Errors, e => e.Message == "--from uses saved measurements: --athletes would measure again.");
        Assert.Contains(Parse("--from", file, "--warm-up", "0").Errors, e => e.Message == "--from uses saved measurements: --warm-up would measure again.");
        Assert.Empty(Parse("--from", file, "--price-fixed-month", "0").Errors);
    }

    [Fact]
    public async Task Saved_measurements_come_back_unchanged_and_are_priced_without_measuring()
    {
        var file = Path.Combine(directory.Path, "measured.json");
        CostModelTests.Measured.Save(file);
        Assert.Equal(CostModelTests.Measured, MeasuredInputs.Load(file));

        var (exitCode, output) = await RunAsync("--from", file, "--price-fixed-month", "0");

        Assert.Equal(0, exitCode);
        Assert.Contains("by hand", output, StringComparison.Ordinal);
        Assert.Contains("Cost per user-year", output, StringComparison.Ordinal);
        Assert.Contains("the old claim was 13 ¢", output, StringComparison.Ordinal);
        var total = CostModel.PerUserYear(CostModelTests.Measured, new Assumptions { Prices = new Prices { FixedPerMonth = 0 } }, CostReport.GoalUsers).Total;
        Assert.Contains(FormattableString.Invariant($"At 1,000,000 users: {total * 100:F3} ¢ per user-year"), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_measurements_is_refused_naming_what_is_missing()
    {
        var file = Path.Combine(directory.Path, "partial.json");
        await File.WriteAllTextAsync(file, """{ "source": "hand", "cpuSecondsPerSampleIngested": 1e-5 }""", TestContext.Current.CancellationToken);

        var (exitCode, output) = await RunAsync("--from", file);

        Assert.Equal(2, exitCode);
        Assert.Contains("storedBytesPerSample", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_assumptions_file_overrides_the_defaults_it_names_and_options_override_it()
    {
        var file = Path.Combine(directory.Path, "assumptions.json");
        File.WriteAllText(file, """{ "historyYears": 5, "prices": { "vcpuHour": 0.1, "fixedPerMonth": 2000 } }""");

        var command = new Command("cost");
        var assumptions = new AssumptionOptions();
        assumptions.AddTo(command);
        var parse = command.Parse(["--assumptions", file, "--price-fixed-month", "3000"]);

        Assert.Empty(parse.Errors);
        Assert.Equal(new Assumptions { HistoryYears = 5, Prices = new Prices { VcpuHour = 0.1, FixedPerMonth = 3000 } }, assumptions.Read(parse));
        File.WriteAllText(file, """{ "historyYear": 5 }""");
        Assert.Throws<InvalidDataException>(() => Assumptions.Load(file));
    }

    public void Dispose() => directory.Dispose();

    private static ParseResult Parse(params string[] args) => new RootCommand { CostCommand.Create(PlainConsole.Create(new StringWriter())) }.Parse(["cost", .. args]);

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var root = new RootCommand { CostCommand.Create(PlainConsole.Create(output)) };
        var exitCode = await root.Parse(["cost", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString());
    }
}
