namespace FitnessDriver.Devices.Fit;

/// <summary>One field of a FIT data message as stored: raw values before scale and offset.</summary>
public sealed class FitField
{
    private readonly double[] _raw;
    private readonly bool[] _invalid;

    internal FitField(byte number, FitBaseType baseType, double[] raw, bool[] invalid, string? text)
    {
        Number = number;
        BaseType = baseType;
        _raw = raw;
        _invalid = invalid;
        Text = text;
    }

    /// <summary>Field definition number within its message.</summary>
    public byte Number { get; }

    /// <summary>The base type the file declared for this field.</summary>
    public FitBaseType BaseType { get; }

    /// <summary>The text of a string field; null for other types and for an empty string.</summary>
    public string? Text { get; }

    /// <summary>Number of elements: more than one for an array.</summary>
    public int Count => _raw.Length;

    /// <summary>The first element, or null when it holds its base type's invalid value.</summary>
    public double? Value => Count > 0 && !_invalid[0] ? _raw[0] : null;

    /// <summary>Every element; null where an element holds its base type's invalid value.</summary>
    public IReadOnlyList<double?> Values => _raw.Select((v, i) => _invalid[i] ? (double?)null : v).ToArray();

    /// <summary>True when no element holds a valid value.</summary>
    public bool IsInvalid => Text is null && _invalid.All(i => i);

    /// <summary>The raw elements including invalid sentinels; components are unpacked from these.</summary>
    internal ReadOnlySpan<double> Raw => _raw;
}
