namespace FitnessDriver.Postgres.Local;

/// <summary>Settings of a private PostgreSQL cluster (configuration section <c>Postgres</c>).</summary>
public sealed class LocalPostgresOptions
{
    /// <summary>Folder that holds the cluster: data, password and server log.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Folder of initdb, pg_ctl and postgres; found automatically when empty.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>Loopback port to listen on; 0 picks a free one at each start.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Where the server's files go, as root, when the <c>postgres</c> user cannot reach <see cref="Directory"/>: a folder
    /// named after it is created here.
    /// </summary>
    public string RelocationDirectory { get; set; } = "/var/lib/fitnessdriver";

    /// <summary>Databases to create when missing.</summary>
    public IList<string> Databases { get; } = [];

    /// <summary>
    /// Skip fsync in initdb and the server. Only for throw-away clusters in tests: a power cut can lose data.
    /// </summary>
    public bool NoSync { get; set; }
}
