namespace FitnessDriver.Devices;

/// <summary>Activity file formats this library imports.</summary>
public enum ActivityFileFormat
{
    /// <summary>Garmin FIT (binary).</summary>
    Fit,
    /// <summary>GPS Exchange Format 1.0 or 1.1.</summary>
    Gpx,
    /// <summary>Garmin Training Center XML.</summary>
    Tcx,
}
