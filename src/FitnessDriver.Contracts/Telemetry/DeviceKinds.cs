namespace FitnessDriver.Contracts.Telemetry;

/// <summary>
/// What kind of device a stream comes from; fusion ranks sources by kind per channel. An unknown or missing kind
/// ranks last.
/// </summary>
public static class DeviceKinds
{
    public const string ChestStrap = "chest-strap";
    public const string OpticalHr = "optical-hr";
    public const string PowerMeter = "power-meter";
    public const string Trainer = "trainer";
    public const string WheelSensor = "wheel-sensor";
    public const string CadenceSensor = "cadence-sensor";
    public const string Footpod = "footpod";
    public const string BikeComputer = "bike-computer";
    public const string Watch = "watch";
    public const string Phone = "phone";

    /// <summary>Every known kind.</summary>
    public static IReadOnlyList<string> All { get; } =
        [ChestStrap, OpticalHr, PowerMeter, Trainer, WheelSensor, CadenceSensor, Footpod, BikeComputer, Watch, Phone];

    /// <summary>True for a known kind.</summary>
    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind);
}
