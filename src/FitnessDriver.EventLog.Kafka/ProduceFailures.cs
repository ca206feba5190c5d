using Confluent.Kafka;

namespace FitnessDriver.EventLog.Kafka;

/// <summary>
/// Decides which produce failures mean "the log cannot take this now" (the caller may retry later) as opposed to
/// "this message can never be appended".
/// </summary>
internal static class ProduceFailures
{
    public static bool IsMessageFault(Error error) => error.Code is
        ErrorCode.MsgSizeTooLarge or ErrorCode.InvalidMsgSize or ErrorCode.InvalidMsg
        or ErrorCode.Local_BadMsg or ErrorCode.InvalidRecord or ErrorCode.InvalidTimestamp;

    public static EventLogUnavailableException Unavailable(string topic, Error error, Exception cause) => new(
        $"Kafka did not acknowledge the append to {topic}: {error.Reason} ({error.Code}{(error.IsFatal ? ", fatal" : "")}).", cause)
    {
        // A full local queue drains in moments; a broker outage or a replaced producer takes longer.
        RetryAfter = error.Code == ErrorCode.Local_QueueFull ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5),
    };
}
