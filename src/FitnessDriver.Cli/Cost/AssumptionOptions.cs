using System.CommandLine;

namespace FitnessDriver.Cli.Cost;

/// <summary>The options of <c>fd cost</c> that override assumptions: a JSON file, then the usage profile and <c>--price-*</c>.</summary>
internal sealed class AssumptionOptions
{
    private readonly Option<FileInfo?> file = new("--assumptions") { Description = "JSON file of assumptions (any subset of the defaults' names); options below override it." };
    private readonly List<(Option<double?> Option, Func<Assumptions, double, Assumptions> Apply)> overrides = [];

    public AssumptionOptions()
    {
        file.Validators.Add(r => { if (r.GetValueOrDefault<FileInfo?>() is { Exists: false } f) r.AddError($"--assumptions: no file {f.FullName}."); });
        Add("--hours-per-week", "Hours an active athlete records per week (default 4).", 0, 168, (a, v) => a with { RecordedHoursPerWeek = v });
        Add("--monthly-active", "Share of users active in a month, 0 to 1 (default 0.3).", 0, 1, (a, v) => a with { MonthlyActiveShare = v });
        Add("--app-hours-per-day", "Hours a day an active athlete keeps the app (and its WebSocket) open (default 1).", 0, 24, (a, v) => a with { AppHoursPerDay = v });
        Add("--history-years", "Years of history held per user on average (default 2).", 0, 100, (a, v) => a with { HistoryYears = v });
        Add("--price-vcpu-hour", "US$ per vCPU-hour (default 0.04048).", 0, 1000, (a, v) => a with { Prices = a.Prices with { VcpuHour = v } });
        Add("--price-memory-gb-hour", "US$ per GiB-hour of memory (default 0.004445).", 0, 1000, (a, v) => a with { Prices = a.Prices with { MemoryGbHour = v } });
        Add("--price-block-gb-month", "US$ per GiB-month of block storage (default 0.08).", 0, 1000, (a, v) => a with { Prices = a.Prices with { BlockGbMonth = v } });
        Add("--price-object-gb-month", "US$ per GiB-month of object storage (default 0.023).", 0, 1000, (a, v) => a with { Prices = a.Prices with { ObjectGbMonth = v } });
        Add("--price-log-gb-month", "US$ per GiB-month of Kafka log (default 0.10).", 0, 1000, (a, v) => a with { Prices = a.Prices with { LogGbMonth = v } });
        Add("--price-egress-gb", "US$ per GiB sent to the internet (default 0.09).", 0, 1000, (a, v) => a with { Prices = a.Prices with { EgressGb = v } });
        Add("--price-fixed-month", "US$ per month of the smallest highly available cluster (default 620).", 0, 100_000_000, (a, v) => a with { Prices = a.Prices with { FixedPerMonth = v } });
    }

    public void AddTo(Command command)
    {
        command.Add(file);
        foreach (var (option, _) in overrides)
            command.Add(option);
    }

    /// <summary>The defaults, then the file's values, then the options given.</summary>
    public Assumptions Read(ParseResult parse)
    {
        var assumptions = parse.GetValue(file) is { } path ? Assumptions.Load(path.FullName) : new Assumptions();
        foreach (var (option, apply) in overrides)
        {
            if (parse.GetValue(option) is { } value)
                assumptions = apply(assumptions, value);
        }

        return assumptions;
    }

    private void Add(string name, string description, double min, double max, Func<Assumptions, double, Assumptions> apply)
    {
        var option = new Option<double?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } v && !(v >= min && v <= max))
                r.AddError($"{name} must be between {min} and {max}.");
        });
        overrides.Add((option, apply));
    }
}
