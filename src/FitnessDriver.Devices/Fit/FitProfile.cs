namespace FitnessDriver.Devices.Fit;

/// <summary>The message and field numbers of the FIT profile that this library interprets.</summary>
public static class FitProfile
{
    /// <summary>Seconds from the Unix epoch to the FIT epoch, 1989-12-31T00:00:00Z.</summary>
    public const long FitEpochUnixSeconds = 631065600;

    /// <summary>The timestamp field number, the same in every message.</summary>
    public const byte TimestampField = 253;

    /// <summary>Global message numbers.</summary>
    public static class Messages
    {
        /// <summary>file_id.</summary>
        public const ushort FileId = 0;
        /// <summary>sport.</summary>
        public const ushort Sport = 12;
        /// <summary>session.</summary>
        public const ushort Session = 18;
        /// <summary>lap.</summary>
        public const ushort Lap = 19;
        /// <summary>record.</summary>
        public const ushort Record = 20;
        /// <summary>event.</summary>
        public const ushort Event = 21;
        /// <summary>device_info.</summary>
        public const ushort DeviceInfo = 23;
        /// <summary>hrv.</summary>
        public const ushort Hrv = 78;
        /// <summary>field_description.</summary>
        public const ushort FieldDescription = 206;
        /// <summary>developer_data_id.</summary>
        public const ushort DeveloperDataId = 207;
    }

    /// <summary>Converts a FIT date_time to Unix milliseconds.</summary>
    public static long ToUnixMilliseconds(uint fitTimestamp) => (fitTimestamp + FitEpochUnixSeconds) * 1000;

    /// <summary>Converts Unix milliseconds to a FIT date_time (whole seconds).</summary>
    public static uint FromUnixMilliseconds(long unixMilliseconds) =>
        checked((uint)((unixMilliseconds / 1000) - FitEpochUnixSeconds));

    /// <summary>Converts semicircles (2^31 per 180°) to degrees.</summary>
    public static double SemicirclesToDegrees(double semicircles) => semicircles * (180.0 / 2147483648.0);

    /// <summary>Converts degrees to semicircles, rounded.</summary>
    public static int DegreesToSemicircles(double degrees) => (int)Math.Round(degrees * (2147483648.0 / 180.0));
}
