using Npgsql;

namespace FitnessDriver.Postgres;

/// <summary>Commands with positional parameters (<c>$1</c>, <c>$2</c>, …), the form every query here uses.</summary>
public static class PostgresCommands
{
    /// <summary>A command on <paramref name="connection"/>, in <paramref name="transaction"/> when given.</summary>
    public static NpgsqlCommand Create(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        AddValues(command, values);
        return command;
    }

    /// <summary>A command that takes a pooled connection of its own when executed.</summary>
    public static NpgsqlCommand Create(NpgsqlDataSource dataSource, string sql, params object[] values)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var command = dataSource.CreateCommand(sql);
        AddValues(command, values);
        return command;
    }

    /// <summary>Runs a statement in <paramref name="transaction"/>; returns the rows it affected.</summary>
    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = Create(connection, transaction, sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // A value that is already a parameter keeps its explicit type (e.g. a text[] that may hold nulls).
    private static void AddValues(NpgsqlCommand command, object[] values)
    {
        foreach (var value in values)
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
    }
}
