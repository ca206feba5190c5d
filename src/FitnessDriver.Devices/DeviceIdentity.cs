using System.Globalization;
using System.Text;

namespace FitnessDriver.Devices;

/// <summary>Who recorded an activity file, as far as the file says.</summary>
/// <param name="Format">The file format: "fit", "tcx" or "gpx".</param>
/// <param name="Manufacturer">Manufacturer name (FIT names the common ones, else "manufacturer-N").</param>
/// <param name="Product">Product id or name.</param>
/// <param name="SerialNumber">Serial number or unit id.</param>
/// <param name="SoftwareVersion">Firmware or application version.</param>
/// <param name="Creator">The creator text of a GPX or TCX file.</param>
public sealed record DeviceIdentity(
    string Format,
    string? Manufacturer = null,
    string? Product = null,
    string? SerialNumber = null,
    string? SoftwareVersion = null,
    string? Creator = null)
{
    /// <summary>
    /// An id that stays the same for every file from the same device: format, manufacturer, product and serial
    /// (or the creator text), lower-case, separated by ':'. The software version is left out on purpose so a
    /// firmware update does not look like a new device.
    /// </summary>
    public string StableId
    {
        get
        {
            var parts = new[] { Manufacturer, Product, SerialNumber, Creator }
                .Where(p => !string.IsNullOrWhiteSpace(p))
                .Select(p => Normalize(p!))
                .ToList();
            return parts.Count == 0 ? $"{Format}:unknown" : $"{Format}:{string.Join(':', parts)}";
        }
    }

    private static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim().ToLower(CultureInfo.InvariantCulture))
        {
            builder.Append(char.IsLetterOrDigit(c) || c is '.' or '_' ? c : '-');
        }

        return builder.ToString();
    }
}
