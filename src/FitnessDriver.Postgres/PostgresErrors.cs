using System.Net.Sockets;
using Npgsql;

namespace FitnessDriver.Postgres;

/// <summary>Tells errors worth retrying (the database is down, restarting, overloaded) from errors in the data.</summary>
public static class PostgresErrors
{
    /// <summary>True when the same work may succeed later without any change.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.IsTransient
            || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
            || postgres.SqlState.StartsWith("53", StringComparison.Ordinal) // insufficient resources
            || postgres.SqlState.StartsWith("57", StringComparison.Ordinal) // operator intervention, e.g. shutdown
            || postgres.SqlState is "40001" or "40P01", // serialization failure, deadlock
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        SocketException or TimeoutException => true,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };
}
