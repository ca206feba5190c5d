using System.Xml;
using FitnessDriver.Contracts.Telemetry;

namespace FitnessDriver.Devices;

/// <summary>
/// The streaming loop the GPX and TCX readers share: every element named as a point becomes a sample (or is skipped
/// when it has none to give), every other element is shown to the caller. With <see cref="DecodeWarnings"/>, a file
/// whose XML breaks off after its first point keeps the points before the break.
/// </summary>
internal sealed class XmlPoints(XmlActivityReader xml, string pointElement, Func<XmlActivityReader, Sample?> readPoint,
    Func<XmlActivityReader, bool> element, DecodeWarnings? warnings)
{
    private bool advanced;
    private long read;

    /// <summary>The points as samples, in file order.</summary>
    public IEnumerable<Sample> Read()
    {
        while (Next() is { } sample)
        {
            yield return sample;
        }
    }

    private Sample? Next()
    {
        try
        {
            while (advanced || xml.Read())
            {
                advanced = false;
                if (xml.Xml.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (xml.Xml.LocalName != pointElement)
                {
                    advanced = element(xml);
                }
                else if (readPoint(xml) is { } sample)
                {
                    read++;
                    return sample;
                }
            }
        }
        catch (ActivityFileDecodeException e) when (e.InnerException is XmlException && warnings is not null && warnings.TryRecover(e, read))
        {
        }

        return null;
    }
}
