using System.Globalization;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Devices.Fit;

/// <summary>Reads the samples and the summary of a FIT activity file.</summary>
public static class FitActivityDecoder
{
    private const byte HrvTime = 0;
    private const byte DeviceIndex = 0;
    private const byte CreatorDeviceIndex = 0;
    private const double TransitionSport = 3;

    /// <summary>
    /// Streams one sample per record message, oldest first. RR intervals of hrv messages are attached to the
    /// record that precedes them (those before the first record to the first), so each sample is handed out once the
    /// next record (or the end) is read.
    /// </summary>
    /// <exception cref="FitDecodeException">The input is not FIT, is corrupt or ends early.</exception>
    public static IEnumerable<Sample> ReadSamples(Stream stream) => ReadSamples(stream, summary: null);

    /// <summary>
    /// As <see cref="ReadSamples(Stream)"/>, but a file that breaks off (truncated, or corrupt from some byte on) after its
    /// first record keeps every record before the break, which <paramref name="warnings"/> then names.
    /// </summary>
    /// <exception cref="FitDecodeException">The input is not FIT, or breaks before its first record.</exception>
    public static IEnumerable<Sample> ReadSamples(Stream stream, DecodeWarnings warnings) => ReadSamples(stream, summary: null, warnings);

    /// <summary>Reads the whole input once for sport, start time and device; samples are not kept.</summary>
    /// <param name="stream">The input.</param>
    /// <param name="tolerant">When true, a break after the first message ends the reading instead of failing it.</param>
    /// <exception cref="FitDecodeException">The input is not FIT, is corrupt or ends early.</exception>
    public static ActivitySummary ReadSummary(Stream stream, bool tolerant = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var summary = new SummaryCollector();
        foreach (var message in Messages(stream, tolerant ? new DecodeWarnings() : null, () => 1))
        {
            summary.Observe(message);
        }

        return summary.Build();
    }

    /// <summary>As <see cref="ReadSamples(Stream)"/>, showing every message to <paramref name="summary"/> on the way.</summary>
    internal static IEnumerable<Sample> ReadSamples(Stream stream, SummaryCollector? summary, DecodeWarnings? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read(stream, summary, warnings);

        static IEnumerable<Sample> Read(Stream stream, SummaryCollector? summary, DecodeWarnings? warnings)
        {
            var sampler = new FitRecordSampler();
            Sample? pending = null;
            List<int>? rr = null;
            long read = 0;
            foreach (var message in Messages(stream, warnings, () => read))
            {
                summary?.Observe(message);
                switch (message.GlobalNumber)
                {
                    case FitProfile.Messages.Record when sampler.ToSample(message) is { } sample:
                        read++;
                        if (pending is not null)
                        {
                            yield return WithRr(pending, rr);
                            rr = null;
                        }

                        pending = sample;
                        break;
                    case FitProfile.Messages.Hrv:
                        rr ??= [];
                        rr.AddRange(message.Field(HrvTime)?.Values.OfType<double>().Select(v => (int)v) ?? []);
                        break;
                    default:
                        sampler.Observe(message);
                        break;
                }
            }

            if (pending is not null)
            {
                yield return WithRr(pending, rr);
            }
        }
    }

    /// <summary>The messages of the input; with <paramref name="warnings"/>, a break once <paramref name="samplesRead"/> is above zero ends them quietly.</summary>
    private static IEnumerable<FitMessage> Messages(Stream stream, DecodeWarnings? warnings, Func<long> samplesRead)
    {
        using var messages = new FitReader(stream).ReadMessages().GetEnumerator();
        while (true)
        {
            try
            {
                if (!messages.MoveNext())
                {
                    yield break;
                }
            }
            catch (FitDecodeException e) when (warnings is not null && warnings.TryRecover(e, samplesRead()))
            {
                yield break;
            }

            yield return messages.Current;
        }
    }

    /// <summary>Gathers sport, start time and device from the messages it is shown.</summary>
    internal sealed class SummaryCollector
    {
        private double? sessionSport, sportSport, lapSport;
        private uint? sessionStart, firstRecord, created;
        private FitMessage? fileId, creator;
        private readonly List<ActivitySession> sessions = [];

        public void Observe(FitMessage message)
        {
            switch (message.GlobalNumber)
            {
                case FitProfile.Messages.FileId:
                    fileId ??= message;
                    created ??= (uint?)message.Field(4)?.Value;
                    break;
                case FitProfile.Messages.DeviceInfo when message.Field(DeviceIndex)?.Value == CreatorDeviceIndex:
                    creator ??= message;
                    break;
                case FitProfile.Messages.Session:
                    sessionSport ??= message.Field(5)?.Value;
                    sessionStart ??= (uint?)message.Field(2)?.Value;
                    if ((uint?)message.Field(2)?.Value is { } start)
                        sessions.Add(new ActivitySession(message.Field(5)?.Value == TransitionSport ? null : FitSports.From(message.Field(5)?.Value), FitProfile.ToUnixMilliseconds(start)));
                    break;
                case FitProfile.Messages.Sport:
                    sportSport ??= message.Field(0)?.Value;
                    break;
                case FitProfile.Messages.Lap:
                    lapSport ??= message.Field(25)?.Value;
                    break;
                case FitProfile.Messages.Record:
                    firstRecord ??= message.Timestamp;
                    break;
            }
        }

        public ActivitySummary Build()
        {
            var start = sessionStart ?? firstRecord ?? created;
            return new ActivitySummary(
                FitSports.From(sessionSport ?? sportSport ?? lapSport),
                start is { } s ? FitProfile.ToUnixMilliseconds(s) : null,
                Identify(fileId, creator))
            {
                Sessions = sessions.Count > 1 ? [.. sessions.OrderBy(x => x.Start)] : [],
                FitFileType = fileId?.Field(0)?.Value is { } type ? (int)type : null,
            };
        }
    }

    private static DeviceIdentity Identify(FitMessage? fileId, FitMessage? creator)
    {
        // file_id fields 1..3 and device_info fields 2, 4, 3 hold manufacturer, product and serial number.
        var manufacturer = fileId?.Field(1)?.Value ?? creator?.Field(2)?.Value;
        var product = fileId?.Field(2)?.Value ?? creator?.Field(4)?.Value;
        var productName = fileId?.Field(8)?.Text ?? creator?.Field(27)?.Text;
        var serial = fileId?.Field(3)?.Value ?? creator?.Field(3)?.Value;
        var software = creator?.Scaled(5, 100);
        return new DeviceIdentity(
            "fit",
            manufacturer is { } m ? FitManufacturers.Name((int)m) : null,
            Text(product) ?? productName,
            Text(serial),
            software?.ToString("0.00", CultureInfo.InvariantCulture));
    }

    private static string? Text(double? value) => value?.ToString("0", CultureInfo.InvariantCulture);

    private static Sample WithRr(Sample sample, List<int>? rr) => rr is { Count: > 0 } ? sample with { Rr = rr } : sample;
}
