using FitnessDriver.Host;

await using var host = await PlatformHost.CreateAsync(args);
await host.RunAsync();
