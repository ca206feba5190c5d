namespace FitnessDriver.Devices.Fit;

/// <summary>
/// A developer data field of a FIT message, described by an earlier field_description message. Without a
/// description the bytes are kept as <see cref="FitBaseType.Byte"/> values and <see cref="Name"/> is null.
/// </summary>
/// <param name="DeveloperDataIndex">Which developer (developer_data_id) the field belongs to.</param>
/// <param name="Field">The raw value, typed by the description's base type.</param>
/// <param name="Name">The description's field name.</param>
/// <param name="Units">The description's units.</param>
/// <param name="Scale">The description's scale, 1 when absent.</param>
/// <param name="Offset">The description's offset, 0 when absent.</param>
public sealed record FitDeveloperField(
    byte DeveloperDataIndex,
    FitField Field,
    string? Name,
    string? Units,
    double Scale,
    double Offset)
{
    /// <summary>The first element with scale and offset applied, or null when invalid.</summary>
    public double? Value => Field.Value is { } raw ? (raw / Scale) - Offset : null;
}
