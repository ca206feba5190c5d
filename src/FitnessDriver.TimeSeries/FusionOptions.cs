using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.TimeSeries;

/// <summary>
/// Which source wins each channel when several devices recorded the same instant (configuration section
/// <c>TimeSeries:Fusion</c>): device kinds best first, per channel. A kind not listed, or a device without a kind,
/// ranks after all listed ones.
/// </summary>
public sealed class FusionOptions
{
    /// <summary>Device kinds best first, by channel: hr, power, cadence, speed, distance, position, alt.</summary>
    public Dictionary<string, List<string>> Priority { get; } = new(StringComparer.Ordinal)
    {
        ["hr"] = [DeviceKinds.ChestStrap, DeviceKinds.BikeComputer, DeviceKinds.OpticalHr, DeviceKinds.Watch, DeviceKinds.Trainer, DeviceKinds.Phone],
        ["power"] = [DeviceKinds.PowerMeter, DeviceKinds.BikeComputer, DeviceKinds.Trainer, DeviceKinds.Watch, DeviceKinds.Phone],
        ["cadence"] = [DeviceKinds.CadenceSensor, DeviceKinds.PowerMeter, DeviceKinds.WheelSensor, DeviceKinds.Footpod, DeviceKinds.BikeComputer, DeviceKinds.Trainer, DeviceKinds.Watch, DeviceKinds.Phone],
        ["speed"] = [DeviceKinds.WheelSensor, DeviceKinds.Footpod, DeviceKinds.BikeComputer, DeviceKinds.Trainer, DeviceKinds.Watch, DeviceKinds.Phone],
        ["distance"] = [DeviceKinds.WheelSensor, DeviceKinds.Footpod, DeviceKinds.BikeComputer, DeviceKinds.Watch, DeviceKinds.Trainer, DeviceKinds.Phone],
        ["position"] = [DeviceKinds.BikeComputer, DeviceKinds.Watch, DeviceKinds.Phone],
        ["alt"] = [DeviceKinds.BikeComputer, DeviceKinds.Watch, DeviceKinds.Phone],
    };

    /// <summary>The channels ranked, in the order the queries use.</summary>
    public static IReadOnlyList<string> Channels { get; } = ["hr", "power", "cadence", "speed", "distance", "position", "alt"];

    /// <summary>Rank of a device kind for a channel: 0 is best.</summary>
    public int RankOf(string channel, string? kind)
    {
        var order = Priority.TryGetValue(channel, out var list) ? list : [];
        var index = kind is null ? -1 : order.IndexOf(kind);
        return index < 0 ? 1000 : index;
    }
}
