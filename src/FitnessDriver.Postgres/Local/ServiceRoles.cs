using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;

namespace FitnessDriver.Postgres.Local;

/// <summary>
/// Least privilege in the private cluster: each service connects as a role of its own (<c>fd_&lt;schema&gt;</c>) that owns
/// only its schema and may connect only to its database; nobody else may connect to a database with a service's data
/// (Profiles' above all). Passwords are generated once and kept in the cluster folder (<c>roles.json</c>, 0600).
/// </summary>
internal static class ServiceRoles
{
    /// <summary>Creates (or upgrades) the role and schema; returns the role's password.</summary>
    public static async Task<string> EnsureAsync(LocalPostgresCluster cluster, string root, string database, string schema, CancellationToken cancellationToken)
    {
        var role = RoleOf(schema);
        var password = Password(root, role);
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString("postgres")))
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, $"""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN CREATE ROLE {role} LOGIN; END IF;
                END $$;
                ALTER ROLE {role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{password}';
                REVOKE ALL ON DATABASE "{database}" FROM PUBLIC;
                GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO {role};
                """, cancellationToken);
        }

        await using (var connection = new NpgsqlConnection(cluster.ConnectionString(database)))
        {
            await connection.OpenAsync(cancellationToken);
            // A schema an earlier version created as the superuser moves to the role, with everything in it.
            await ExecuteAsync(connection, $"""
                CREATE SCHEMA IF NOT EXISTS {schema} AUTHORIZATION {role};
                DO $$ DECLARE item record; BEGIN
                  IF (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = '{schema}') <> '{role}' THEN
                    EXECUTE 'ALTER SCHEMA {schema} OWNER TO {role}';
                    FOR item IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                WHERE n.nspname = '{schema}' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') LOOP
                      EXECUTE format('ALTER %s %s OWNER TO {role}', CASE item.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, item.name);
                    END LOOP;
                    FOR item IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = '{schema}' LOOP
                      EXECUTE format('ALTER ROUTINE %s OWNER TO {role}', item.name);
                    END LOOP;
                  END IF;
                END $$;
                """, cancellationToken);
        }

        return password;
    }

    /// <summary>The role of a schema's service.</summary>
    public static string RoleOf(string schema) => "fd_" + schema;

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Password(string root, string role)
    {
        var path = Path.Combine(root, "roles.json");
        lock (typeof(ServiceRoles))
        {
            var passwords = File.Exists(path) ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [] : [];
            if (passwords.TryGetValue(role, out var existing))
                return existing;
            passwords[role] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            File.WriteAllText(path, JsonSerializer.Serialize(passwords));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return passwords[role];
        }
    }
}
