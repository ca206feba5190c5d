namespace FitnessDriver.Deployment.Tests;

internal static class Problems
{
    /// <summary>Fails with every problem found, not just the first, so one run shows all the drift.</summary>
    public static void AssertNone(IEnumerable<string> problems, string what)
    {
        var list = problems.Distinct().ToList();
        if (list.Count > 0)
            Assert.Fail($"{what}: {list.Count} problem(s)\n  - {string.Join("\n  - ", list)}");
    }
}
