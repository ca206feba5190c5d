using FitnessDriver.Contracts;
using FitnessDriver.Postgres;
using FitnessDriver.ServiceDefaults.Privacy;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FitnessDriver.Gamification.Segments;

/// <summary>
/// Every segment's course in memory, with a grid over their starts so that a position finds the few segments starting
/// near it in constant time. The progress consumer refreshes it before each batch from the segments created or deleted
/// since (one indexed query that usually returns nothing); each snapshot is immutable, so batches read it without locks.
/// </summary>
public sealed class SegmentIndex(IOptions<Rules.GamificationOptions> options, IAthleteKeys keys)
{
    private readonly Lock swap = new();
    private volatile Snapshot current = Snapshot.Empty;

    /// <summary>The segments as last loaded.</summary>
    public Snapshot Current => current;

    /// <summary>Loads what changed since the current snapshot; returns the snapshot to match with.</summary>
    public async Task<Snapshot> RefreshAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var seen = current;
        var rows = new List<(Guid Id, long Seq, Sport Sport, Guid? AthleteId, byte[] Name, byte[] Path)>();
        await using (var command = PostgresCommands.Create(connection, transaction, """
            SELECT segment_id, seq, sport, CASE WHEN NOT deleted THEN athlete_id END, sealed_name, sealed_path FROM gamification.segments WHERE seq > $1 ORDER BY seq
            """, seen.Seq))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetGuid(0), reader.GetInt64(1), SportNames.TryParse(reader.GetString(2), out var sport) ? sport : Sport.Other,
                    reader.IsDBNull(3) ? null : reader.GetGuid(3), (byte[])reader[4], (byte[])reader[5]));
            }
        }

        var changes = new List<(Guid Id, long Seq, SegmentCourse? Course)>();
        foreach (var row in rows)
        {
            // A maker whose key is gone was erased: the segment is as good as deleted.
            var key = row.AthleteId is { } athleteId ? await keys.FindAsync(athleteId, cancellationToken) : null;
            changes.Add((row.Id, row.Seq, key is null ? null
                : SegmentCourse.Create(row.Id, row.Sport, SegmentSeal.OpenName(key, row.Name), SegmentSeal.OpenPath(key, row.Path), options.Value.Segments.CheckpointSpacingM)));
        }

        if (changes.Count == 0)
            return seen;
        lock (swap)
        {
            if (current.Seq < changes[^1].Seq)
                current = current.With(changes);
            return current;
        }
    }

    /// <summary>One state of the index.</summary>
    public sealed class Snapshot
    {
        private const double CellDegrees = 0.002;
        private readonly Dictionary<Guid, SegmentCourse> courses;
        private readonly Dictionary<(int, int), SegmentCourse[]> starts;

        private Snapshot(long seq, Dictionary<Guid, SegmentCourse> courses)
        {
            Seq = seq;
            this.courses = courses;
            starts = courses.Values.GroupBy(c => CellOf(c.StartLat, c.StartLon)).ToDictionary(g => g.Key, g => g.ToArray());
        }

        public static Snapshot Empty { get; } = new(0, []);

        /// <summary>A snapshot of just these courses (for matching outside the consumer: tests, benchmarks).</summary>
        public static Snapshot Of(IEnumerable<SegmentCourse> courses) => new(0, courses.ToDictionary(c => c.SegmentId));

        /// <summary>The last change this snapshot holds.</summary>
        public long Seq { get; }

        public int Count => courses.Count;

        /// <summary>A segment by id, null when it is unknown or was deleted.</summary>
        public SegmentCourse? Find(Guid segmentId) => courses.GetValueOrDefault(segmentId);

        /// <summary>Segments whose start may lie within <paramref name="radiusM"/> of the move from <paramref name="from"/> to <paramref name="to"/>.</summary>
        public IEnumerable<SegmentCourse> StartsNear(GeoPoint from, GeoPoint to, double radiusM)
        {
            if (starts.Count == 0)
                return [];
            var latMargin = radiusM / 111_000;
            var lonMargin = latMargin / Math.Max(0.01, Math.Cos(from.Lat * Math.PI / 180));
            var (south, west) = CellOf(Math.Min(from.Lat, to.Lat) - latMargin, Math.Min(from.Lon, to.Lon) - lonMargin);
            var (north, east) = CellOf(Math.Max(from.Lat, to.Lat) + latMargin, Math.Max(from.Lon, to.Lon) + lonMargin);
            // A move spanning many cells is a jump the plausibility rules refuse; it starts nothing.
            if ((long)(north - south + 1) * (east - west + 1) > 9)
                return [];
            List<SegmentCourse>? found = null;
            for (var row = south; row <= north; row++)
            {
                for (var column = west; column <= east; column++)
                {
                    if (starts.TryGetValue((row, column), out var cell))
                        (found ??= []).AddRange(cell);
                }
            }

            return found ?? (IEnumerable<SegmentCourse>)[];
        }

        internal Snapshot With(IReadOnlyList<(Guid Id, long Seq, SegmentCourse? Course)> changes)
        {
            var next = new Dictionary<Guid, SegmentCourse>(courses);
            foreach (var (id, _, course) in changes)
            {
                if (course is null)
                    next.Remove(id);
                else
                    next[id] = course;
            }

            return new Snapshot(changes[^1].Seq, next);
        }

        private static (int, int) CellOf(double lat, double lon) => ((int)Math.Floor(lat / CellDegrees), (int)Math.Floor(lon / CellDegrees));
    }
}
