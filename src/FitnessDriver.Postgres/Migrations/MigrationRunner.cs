using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FitnessDriver.Postgres.Migrations;

/// <summary>
/// Applies a service's SQL scripts, embedded as resources named <c>NNN_description[.variant].sql</c>, in order and
/// once each. A script with a variant runs only when the variant is among the enabled features (for example
/// <c>timescaledb</c>), or, for the variant <c>plain</c>, when none of its siblings' variants is enabled.
/// Everything runs in one transaction under an advisory lock, so concurrent replicas migrate once. Every schema also
/// gets <c>schema_migrations</c> (the journal) and <c>consumer_positions</c> (see <see cref="Consumers.ConsumerPositions"/>).
/// </summary>
public static partial class MigrationRunner
{
    /// <summary>Applies pending scripts and returns the names of those applied now.</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(
        NpgsqlDataSource dataSource,
        string schema,
        Assembly assembly,
        IReadOnlySet<string> features,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var scripts = Discover(assembly, features);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext('fitnessdriver.migrations.' || $1))", cancellationToken, schema);
        // A service's role owns its schema but may not create schemas: CREATE SCHEMA only when there is none.
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_namespace WHERE nspname = $1", connection, transaction) { Parameters = { new() { Value = schema } } })
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                await ExecuteAsync(connection, transaction, $"CREATE SCHEMA {schema}", cancellationToken);
        }

        await ExecuteAsync(connection, transaction, $"""
            CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
                version text PRIMARY KEY,
                variant text,
                applied_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE IF NOT EXISTS {schema}.consumer_positions (
                consumer_group text NOT NULL,
                topic text NOT NULL,
                partition int NOT NULL,
                next_offset bigint NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (consumer_group, topic, partition))
            """, cancellationToken);

        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var read = new NpgsqlCommand($"SELECT version FROM {schema}.schema_migrations", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                applied.Add(reader.GetString(0));
        }

        var appliedNow = new List<string>();
        foreach (var script in scripts.Where(s => !applied.Contains(s.Version)))
        {
            logger.LogInformation("Applying migration {Schema}/{Version}{Variant}", schema, script.Version, script.Variant is null ? "" : $" ({script.Variant})");
            await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
            await ExecuteAsync(connection, transaction, $"INSERT INTO {schema}.schema_migrations (version, variant) VALUES ($1, $2)",
                cancellationToken, script.Version, (object?)script.Variant ?? DBNull.Value);
            appliedNow.Add(script.Version);
        }

        await transaction.CommitAsync(cancellationToken);
        return appliedNow;
    }

    private sealed record Script(string Version, string? Variant, string Sql);

    private static List<Script> Discover(Assembly assembly, IReadOnlySet<string> features)
    {
        var candidates = new List<(string Version, string? Variant, string Resource)>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ScriptName().Match(resource);
            if (match.Success)
                candidates.Add((match.Groups["version"].Value, match.Groups["variant"].Success ? match.Groups["variant"].Value : null, resource));
        }

        var scripts = new List<Script>();
        foreach (var group in candidates.GroupBy(c => c.Version).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var chosen = group.FirstOrDefault(c => c.Variant is null)
                is { Resource: not null } plain ? plain
                : group.FirstOrDefault(c => c.Variant is not null && features.Contains(c.Variant)) is { Resource: not null } featured ? featured
                : group.FirstOrDefault(c => c.Variant == "plain");
            if (chosen.Resource is null)
                continue;
            using var stream = assembly.GetManifestResourceStream(chosen.Resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new Script(group.Key, chosen.Variant, reader.ReadToEnd()));
        }

        return scripts;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = PostgresCommands.Create(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [GeneratedRegex(@"(?:^|\.)(?<version>\d{3}_[A-Za-z0-9_]+)(?:\.(?<variant>[a-z0-9-]+))?\.sql$")]
    private static partial Regex ScriptName();
}
