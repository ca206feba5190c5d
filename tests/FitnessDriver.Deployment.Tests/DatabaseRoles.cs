using System.Text.RegularExpressions;
using Npgsql;

namespace FitnessDriver.Deployment.Tests;

/// <summary>
/// Least privilege in PostgreSQL, wherever it is set up (the compose init script, the SQL operators run for
/// Kubernetes): each service connects as a role of its own that may connect only to its database and owns only its
/// schema, created beforehand in that database; the TimeSeries database has TimescaleDB, which only a superuser can add.
/// </summary>
internal static partial class DatabaseRoles
{
    /// <summary>The database and role a connection string names, and what is wrong with them for <paramref name="d"/>.</summary>
    public static (string Database, string? Problem) Connection(Deployable d, string variable, string? connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = builder.Database ?? "";
        return builder.Username == d.Role
            ? (database, null)
            : (database, $"{variable} connects as {builder.Username ?? "(no user)"}, not {d.Role}, the role that owns only {d}'s schema {d.Schema}");
    }

    /// <summary>What <paramref name="sql"/> lacks, given the database each service's connection string names.</summary>
    public static IEnumerable<string> Missing(string sql, string where, IReadOnlyDictionary<Deployable, string> databases)
    {
        var sections = Sections(sql);
        bool Has(string statement, string? database = null) =>
            sections.Where(s => database is null || s.Database == database).Any(s => s.Text.Contains(statement, StringComparison.OrdinalIgnoreCase));

        foreach (var (d, database) in databases)
        {
            foreach (var statement in new[]
                     {
                         $"CREATE ROLE {d.Role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE",
                         $"REVOKE ALL ON DATABASE {database} FROM PUBLIC;",
                         $"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {d.Role};",
                     })
            {
                if (!Has(statement))
                    yield return $"{where}: no `{statement}`.";
            }

            // The services create no schema when one exists; made here, it belongs to the role from the start.
            if (!Has($"CREATE SCHEMA {d.Schema} AUTHORIZATION {d.Role};", database))
                yield return $"{where}: no `CREATE SCHEMA {d.Schema} AUTHORIZATION {d.Role};` after `\\connect {database}`.";
            if (d.Name == "TimeSeries" && !Has("CREATE EXTENSION IF NOT EXISTS timescaledb;", database))
                yield return $"{where}: no `CREATE EXTENSION IF NOT EXISTS timescaledb;` after `\\connect {database}`; {d.Role} may not create it.";
        }
    }

    /// <summary>The SQL in the order psql runs it, split at each <c>\connect</c>, with whitespace collapsed.</summary>
    private static List<(string? Database, string Text)> Sections(string sql)
    {
        var sections = new List<(string? Database, string Text)>();
        string? database = null;
        var start = 0;
        foreach (Match connect in Connect().Matches(sql))
        {
            sections.Add((database, Collapse(sql[start..connect.Index])));
            database = connect.Groups["database"].Value;
            start = connect.Index + connect.Length;
        }

        sections.Add((database, Collapse(sql[start..])));
        return sections;
    }

    private static string Collapse(string text) => Whitespace().Replace(text, " ");

    [GeneratedRegex(@"^\s*\\(?:c|connect)\s+(?<database>[A-Za-z0-9_]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Connect();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
