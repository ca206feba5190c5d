namespace FitnessDriver.Devices.Gatt;

/// <summary>
/// Turns consecutive CSC measurements of one sensor into speed, cadence and distance. A sensor only reports
/// cumulative counters and the time of the last event, so values come from differences between notifications.
/// </summary>
/// <remarks>
/// Counters and event times are compared modulo their width, so a rollover gives a continuous value. A notification
/// that repeats the previous counters means no revolution happened since; after <see cref="StaleAfterRepeats"/>
/// of them the value drops to zero. A jump that would mean an impossible speed or cadence, or counters that
/// advance without the event time advancing, is taken as a sensor restart: the calculator starts again from the
/// new counters and keeps the previous value.
/// </remarks>
public sealed class CscCalculator
{
    /// <summary>The wheel circumference used when none is given: a 700x25C road tyre.</summary>
    public const double DefaultWheelCircumferenceMm = 2105;

    /// <summary>Speeds above this, metres per second, are taken as a counter reset.</summary>
    public const double MaxPlausibleSpeed = 40;

    /// <summary>Cadences above this, revolutions per minute, are taken as a counter reset.</summary>
    public const double MaxPlausibleCadence = 250;

    private readonly double _circumferenceM;
    private readonly Channel _wheel = new(1L << 32);
    private readonly Channel _crank = new(1L << 16);
    private double _distance;

    /// <summary>Creates a calculator for a wheel of the given circumference.</summary>
    /// <param name="wheelCircumferenceMm">Wheel circumference in millimetres.</param>
    /// <param name="staleAfterRepeats">Repeated notifications without a new event after which a value is zero.</param>
    public CscCalculator(double wheelCircumferenceMm = DefaultWheelCircumferenceMm, int staleAfterRepeats = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wheelCircumferenceMm);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(staleAfterRepeats);
        _circumferenceM = wheelCircumferenceMm / 1000d;
        StaleAfterRepeats = staleAfterRepeats;
    }

    /// <summary>Repeated notifications without a new event after which speed or cadence is reported as zero.</summary>
    public int StaleAfterRepeats { get; }

    /// <summary>Feeds the next measurement and returns the values after it.</summary>
    public CscReading Add(CscMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);

        if (measurement is { CumulativeWheelRevolutions: { } revolutions, LastWheelEventTime: { } wheelTime })
        {
            var advanced = _wheel.Advance(revolutions, wheelTime, _circumferenceM, MaxPlausibleSpeed, StaleAfterRepeats);
            _distance += advanced * _circumferenceM;
        }

        if (measurement is { CumulativeCrankRevolutions: { } crank, LastCrankEventTime: { } crankTime })
        {
            _crank.Advance(crank, crankTime, 60, MaxPlausibleCadence, StaleAfterRepeats);
        }

        return new CscReading(_wheel.Value, _crank.Value, _distance);
    }

    /// <summary>One counter with its event time; <see cref="Value"/> is revolutions per second times a factor.</summary>
    private sealed class Channel(long counterModulus)
    {
        private const int EventTimeModulus = 1 << 16;
        private const double EventTimeUnitsPerSecond = 1024;

        private long _revolutions = -1;
        private int _eventTime;
        private int _repeats;

        public double? Value { get; private set; }

        /// <summary>Returns how many revolutions counted towards the value.</summary>
        public long Advance(long revolutions, int eventTime, double factor, double maxValue, int staleAfter)
        {
            if (_revolutions < 0)
            {
                Rebase(revolutions, eventTime);
                return 0;
            }

            var deltaRevolutions = Modulo(revolutions - _revolutions, counterModulus);
            var deltaTime = Modulo(eventTime - _eventTime, EventTimeModulus);

            if (deltaRevolutions == 0 && deltaTime == 0)
            {
                _repeats++;
                if (_repeats >= staleAfter)
                {
                    Value = 0;
                }

                return 0;
            }

            if (deltaTime == 0)
            {
                Rebase(revolutions, eventTime);
                return 0;
            }

            var value = deltaRevolutions * factor / (deltaTime / EventTimeUnitsPerSecond);
            if (value > maxValue)
            {
                Rebase(revolutions, eventTime);
                return 0;
            }

            Value = value;
            _repeats = 0;
            _revolutions = revolutions;
            _eventTime = eventTime;
            return deltaRevolutions;
        }

        private void Rebase(long revolutions, int eventTime)
        {
            _revolutions = revolutions;
            _eventTime = eventTime;
            _repeats = 0;
        }

        private static long Modulo(long value, long modulus) => ((value % modulus) + modulus) % modulus;
    }
}
