using FitnessDriver.Host;
using FitnessDriver.Hosting;

return await StartupErrors.RunAsync("fitnessdriver-host", async () =>
{
    if (args is ["remove-data", .. var settings])
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(settings).Build();
        var removed = await LocalRuntime.RemoveDataAsync(configuration);
        Console.WriteLine(removed.Count == 0 ? "Nothing to remove." : "Removed " + string.Join(" and ", removed));
        return;
    }

    await using var host = await PlatformHost.CreateAsync(args);
    await host.RunAsync();
});
