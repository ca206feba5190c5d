using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Devices;

/// <summary>
/// One pass over an activity file: <see cref="Samples"/> reads the file as it is enumerated (once), and
/// <see cref="Summary"/> is complete when that enumeration finished. For imports, where the file must be read only once.
/// </summary>
public sealed class ActivityFileReading
{
    private readonly Func<ActivitySummary> summary;
    private bool read;

    internal ActivityFileReading(ActivityFileFormat format, IEnumerable<Sample> samples, Func<ActivitySummary> summary, DecodeWarnings warnings)
    {
        Format = format;
        Warnings = warnings;
        this.summary = summary;
        Samples = Track(samples);
    }

    /// <summary>The detected format.</summary>
    public ActivityFileFormat Format { get; }

    /// <summary>What the reading left out (complete once <see cref="Samples"/> has been read to the end).</summary>
    public DecodeWarnings Warnings { get; }

    /// <summary>The samples, oldest first; a decode error surfaces while enumerating, as a <see cref="DeviceDecodeException"/>.</summary>
    public IEnumerable<Sample> Samples { get; }

    /// <summary>Sport, start time and device, once <see cref="Samples"/> has been read to the end.</summary>
    /// <exception cref="InvalidOperationException">The samples have not been read to the end yet.</exception>
    public ActivitySummary Summary => read ? summary() : throw new InvalidOperationException("Read the samples to the end first.");

    private IEnumerable<Sample> Track(IEnumerable<Sample> samples)
    {
        if (read)
        {
            throw new InvalidOperationException("The samples of a one-pass reading can be enumerated only once.");
        }

        foreach (var sample in samples)
        {
            yield return sample;
        }

        read = true;
    }
}
