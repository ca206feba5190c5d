namespace FitnessDriver.Devices.Gatt;

/// <summary>A decoded value of one GATT characteristic notification.</summary>
public abstract record GattMeasurement;
