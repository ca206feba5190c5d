using System.Globalization;
using System.Text;

namespace FitnessDriver.ServiceDefaults;

/// <summary>
/// The one rule for free text an athlete sends (names of athletes, activities, challenges, files): it is stored, shown
/// to others and sent in events, so it must be text PostgreSQL accepts and people can see. Trimmed and normalised to
/// NFC; refused when it holds control characters (NUL among them), bidirectional overrides, embeddings or isolates,
/// or broken UTF-16; and when required, refused when nothing visible is left.
/// </summary>
public static class TextFields
{
    /// <summary>
    /// The cleaned text, or null when it is absent or refused (the reason is added to <paramref name="errors"/>
    /// under <paramref name="field"/>).
    /// </summary>
    public static string? Clean(string? value, string field, int maxLength, ValidationErrors errors, bool required = false)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value) && !required)
            return null;
        if (Problem(value ?? "", required) is { } problem)
        {
            errors.Add(field, problem);
            return null;
        }

        var text = value!.Normalize(NormalizationForm.FormC).Trim();
        if (text.Length > maxLength)
        {
            errors.Add(field, $"must be at most {maxLength} characters");
            return null;
        }

        return text;
    }

    /// <summary>Why <paramref name="value"/> cannot be stored, or null when it can.</summary>
    public static string? Problem(string value, bool required)
    {
        ArgumentNullException.ThrowIfNull(value);
        var visible = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                visible |= IsVisible(CharUnicodeInfo.GetUnicodeCategory(value, i), char.ConvertToUtf32(c, value[i + 1]));
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
                return "must be valid Unicode text (it holds half of a surrogate pair)";
            if (char.IsControl(c))
                return $"must not contain control characters (U+{(int)c:X4} at position {i + 1})";
            if (IsBidiControl(c))
                return $"must not contain bidirectional overrides, embeddings or isolates (U+{(int)c:X4} at position {i + 1})";
            visible |= IsVisible(char.GetUnicodeCategory(c), c);
        }

        return required && !visible ? "is required and must contain visible characters" : null;
    }

    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    private static bool IsVisible(UnicodeCategory category, int codePoint) => category switch
    {
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Control or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
        // Letters and symbols that render as blank space.
        _ => codePoint is not (0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800),
    };
}
