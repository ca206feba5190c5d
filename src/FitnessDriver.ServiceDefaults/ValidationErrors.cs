namespace FitnessDriver.ServiceDefaults;

/// <summary>
/// Collects validation failures by field, in the <c>errors</c> shape of a validation problem; at most
/// <paramref name="maxFields"/> fields are kept, so a body full of mistakes gets a bounded answer.
/// </summary>
public sealed class ValidationErrors(int maxFields = int.MaxValue)
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    /// <summary>True when nothing failed.</summary>
    public bool IsEmpty => errors.Count == 0;

    /// <summary>How many fields failed.</summary>
    public int Count => errors.Count;

    /// <summary>Records a failure of <paramref name="field"/>.</summary>
    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            if (errors.Count >= maxFields)
                return;
            errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>Records a failure when <paramref name="value"/> is outside [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public void Range(string field, double? value, double min, double max)
    {
        if (value is { } v && (double.IsNaN(v) || v < min || v > max))
            Add(field, $"must be between {min} and {max}");
    }

    /// <summary>The errors as a dictionary for a problem response.</summary>
    public IDictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
