using System.Globalization;
using Spectre.Console;

namespace FitnessDriver.Cli.Cost;

/// <summary>Prints <c>fd cost</c>: the measured inputs, the assumptions, and the cost per user-year as users grow.</summary>
internal static class CostReport
{
    public const long GoalUsers = 1_000_000;
    public const double GoalCents = 1;
    public const double OldClaimCents = 13;
    public static readonly long[] Users = [10_000, 100_000, GoalUsers, 10_000_000];

    public static void Print(IAnsiConsole console, MeasuredInputs measured, Assumptions assumptions)
    {
        var inputs = new Table().Title("[bold]Measured[/]").AddColumns("input", "value", "unit", "what");
        inputs.AddRow("CPU per sample ingested", F(measured.CpuSecondsPerSampleIngested * 1e6), "CPU-µs", "services and PostgreSQL above idle, first POST → stored");
        inputs.AddRow("stored per sample", F(measured.StoredBytesPerSample), "bytes", "database growth / samples stored");
        inputs.AddRow("stored per sample, compressed", measured.CompressedBytesPerSample is { } c ? F(c) : "not measured", "bytes", "after compressing the samples' chunks (TimescaleDB)");
        inputs.AddRow("log per sample", F(measured.LogBytesPerSample), "bytes", "samples topic growth / samples, one replica");
        inputs.AddRow("CPU per sample read", F(measured.CpuSecondsPerSampleRead * 1e6), "CPU-µs", "1 s streams read back through the API");
        inputs.AddRow("sent per sample read", F(measured.BytesPerSampleRead), "bytes", "response body of the 1 s streams");
        inputs.AddRow("CPU per notification", F(measured.CpuSecondsPerNotification * 1e3), "CPU-ms", "award → outbox → inbox → WebSocket push");
        inputs.AddRow("CPU per idle WebSocket", F(measured.CpuSecondsPerWebSocketHour * 1e3), "CPU-ms/hour", "open notification streams, nothing to push");
        inputs.AddRow("memory per idle WebSocket", F(measured.MemoryBytesPerWebSocket / 1024), "KiB", "managed heap growth / streams open");
        console.Write(inputs);
        console.MarkupLine($"[grey]{Markup.Escape(measured.Source)}[/]");

        var a = assumptions;
        var p = a.Prices;
        var assumed = new Table().Title("[bold]Assumed[/]").AddColumns("assumption", "value", "source");
        assumed.AddRow("recorded hours per active athlete and week", F(a.RecordedHoursPerWeek), "usage profile");
        assumed.AddRow("samples per second of recording", F(a.SampleRateHz), "usage profile");
        assumed.AddRow("users active in a month", a.MonthlyActiveShare.ToString("P0", CultureInfo.InvariantCulture), "usage profile");
        assumed.AddRow("hours a day the app is open (WebSocket)", F(a.AppHoursPerDay), "usage profile");
        assumed.AddRow("notifications per recorded hour", F(a.NotificationsPerRecordedHour), "usage profile: XP per km, level-ups, badges");
        assumed.AddRow("samples read per sample recorded", F(a.SamplesReadPerSampleRecorded), "usage profile: each recording viewed once in full");
        assumed.AddRow("years of history held per user", F(a.HistoryYears), "usage profile");
        assumed.AddRow("utilisation of CPU and memory", a.Utilisation.ToString("P0", CultureInfo.InvariantCulture), "headroom for peaks and failover");
        assumed.AddRow("database copies on block storage", F(a.DatabaseCopies), "primary and standby");
        assumed.AddRow("object storage per database byte", F(a.ObjectBytesPerDatabaseByte), "backups, exports, archives");
        assumed.AddRow("samples topic retention, days × replicas", $"{F(a.LogRetentionDays)} × {F(a.LogReplicas)}", "Kafka defaults of the deployment");
        assumed.AddRow("US$ per vCPU-hour / GiB-hour of memory", $"{p.VcpuHour} / {p.MemoryGbHour}", "AWS Fargate, us-east-1");
        assumed.AddRow("US$ per GiB-month: block / object / log", $"{p.BlockGbMonth} / {p.ObjectGbMonth} / {p.LogGbMonth}", "EBS gp3 / S3 Standard / MSK storage");
        assumed.AddRow("US$ per GiB sent to the internet", p.EgressGb.ToString(CultureInfo.InvariantCulture), "AWS data transfer out, first 10 TB");
        assumed.AddRow("US$ per month, fixed", N(p.FixedPerMonth), "smallest HA cluster: EKS, 3 nodes, RDS Multi-AZ, MSK, ALB");
        console.Write(assumed);

        var work = CostModel.Work(a);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"A user-year (active or not): {work.SamplesRecorded:N0} samples recorded, {work.SamplesRead:N0} read, {work.Notifications:N0} notifications, {work.WebSocketHours:N0} WebSocket-hours."));

        var curve = new Table().Title("[bold]Cost per user-year, US ¢[/]").AddColumns("users", "CPU + memory", "storage", "log", "egress", "fixed", "total");
        foreach (var users in Users)
        {
            var cost = CostModel.PerUserYear(measured, a, users);
            curve.AddRow(N(users), C(cost.Compute), C(cost.Storage), C(cost.Log), C(cost.Egress), C(cost.Fixed), $"[bold]{C(cost.Total)}[/]");
        }

        console.Write(curve);
        var atGoal = CostModel.PerUserYear(measured, a, GoalUsers).Total * 100;
        var verdict = atGoal <= GoalCents ? "[green]met[/]" : "[red]not met[/]";
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"At {GoalUsers:N0} users: [bold]{atGoal:F3} ¢[/] per user-year; goal ≤ {GoalCents:F0} ¢: {verdict}; the old claim was {OldClaimCents:F0} ¢ ({atGoal / OldClaimCents:P0} of it)."));
    }

    private static string F(double value) => value.ToString(value >= 100 ? "N0" : "0.###", CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string C(double dollars) => (dollars * 100).ToString("F4", CultureInfo.InvariantCulture);
}
