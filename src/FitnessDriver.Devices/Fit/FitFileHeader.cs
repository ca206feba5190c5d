namespace FitnessDriver.Devices.Fit;

/// <summary>The header of one FIT file in the input.</summary>
/// <param name="Offset">Byte offset of the header in the input.</param>
/// <param name="HeaderSize">12 or 14 (14 adds a header CRC).</param>
/// <param name="ProtocolVersion">Protocol version byte: major in the high nibble.</param>
/// <param name="ProfileVersion">Profile version times 100 (or 1000 for versions above 21.99).</param>
/// <param name="DataSize">Length of the records that follow, bytes.</param>
/// <param name="HeaderCrc">The header CRC, when the header has one; 0 means "not computed".</param>
public sealed record FitFileHeader(
    long Offset,
    int HeaderSize,
    byte ProtocolVersion,
    ushort ProfileVersion,
    uint DataSize,
    ushort? HeaderCrc);
