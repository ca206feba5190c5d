using FitnessDriver.Contracts.Api;
using FitnessDriver.Contracts.Telemetry;
using FitnessDriver.Devices;
using FitnessDriver.Devices.Gatt;
using FitnessDriver.ServiceDefaults;

namespace FitnessDriver.Telemetry;

/// <summary>
/// Turns decoded GATT measurements into samples: one sample per notification time, channels of notifications that
/// share a time combined. Speed and cadence from revolution counters need two measurements, so the first CSC (or
/// crank) notification of a request only primes the calculator; counters are not carried across requests.
/// </summary>
internal static class GattSamples
{
    public static List<Sample> Assemble(IReadOnlyList<GattNotification> notifications, double? wheelCircumferenceMm, ValidationErrors errors)
    {
        var wheel = new CscCalculator(wheelCircumferenceMm ?? CscCalculator.DefaultWheelCircumferenceMm);
        var crank = new CscCalculator();
        var byTime = new SortedDictionary<long, Sample>();
        for (var i = 0; i < notifications.Count; i++)
        {
            var notification = notifications[i];
            var field = $"notifications[{i}]";
            if (notification.T <= 0)
            {
                errors.Add($"{field}.t", "is required: Unix epoch milliseconds");
                continue;
            }

            GattMeasurement measurement;
            try
            {
                measurement = GattDecoder.DecodeBase64(notification.Characteristic ?? "", notification.Payload ?? "");
            }
            catch (Exception e) when (e is DeviceDecodeException or FormatException or ArgumentException)
            {
                errors.Add(field, e.Message);
                continue;
            }

            var sample = ToSample(notification.T, measurement, wheel, crank);
            byTime[notification.T] = byTime.TryGetValue(notification.T, out var existing) ? Combine(existing, sample) : sample;
        }

        return [.. byTime.Values];
    }

    private static Sample ToSample(long t, GattMeasurement measurement, CscCalculator wheel, CscCalculator crank) => measurement switch
    {
        HeartRateMeasurement hr => new Sample(t, Hr: hr.HeartRate, Rr: hr.RrIntervalsMs.Select(ms => (int)Math.Round(ms)).ToArray() is { Length: > 0 } rr ? rr : null),
        CyclingPowerMeasurement power => new Sample(t, Power: power.InstantaneousPower,
            Cadence: power is { CumulativeCrankRevolutions: { } revolutions, LastCrankEventTime: { } time }
                ? Round(crank.Add(new CscMeasurement(null, null, revolutions, time)).Cadence)
                : null),
        CscMeasurement csc => FromCsc(t, wheel.Add(csc)),
        RscMeasurement rsc => new Sample(t, Cadence: rsc.InstantaneousCadence, Speed: (float)rsc.InstantaneousSpeed),
        IndoorBikeData bike => new Sample(t, Hr: bike.HeartRate, Power: bike.InstantaneousPower, Cadence: Round(bike.InstantaneousCadence),
            Speed: bike.InstantaneousSpeed is { } kmh ? (float)(kmh / 3.6) : null),
        _ => new Sample(t),
    };

    private static Sample FromCsc(long t, CscReading reading) => new(t, Cadence: Round(reading.Cadence), Speed: (float?)reading.Speed);

    private static int? Round(double? value) => value is { } v ? (int)Math.Round(v) : null;

    private static Sample Combine(Sample a, Sample b) => new(a.T,
        a.Hr ?? b.Hr, a.Power ?? b.Power, a.Cadence ?? b.Cadence, a.Speed ?? b.Speed, a.Distance ?? b.Distance,
        a.Lat ?? b.Lat, a.Lon ?? b.Lon, a.Alt ?? b.Alt, a.Rr ?? b.Rr);
}
