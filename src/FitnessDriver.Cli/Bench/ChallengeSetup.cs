using System.Globalization;
using FitnessDriver.Client;
using FitnessDriver.Contracts;
using FitnessDriver.Contracts.Api;
using Npgsql;
using NpgsqlTypes;
using Spectre.Console;

namespace FitnessDriver.Cli.Bench;

/// <summary>The benchmark's challenge and the athletes in it who act through the API.</summary>
internal sealed record SeededChallenge(Guid ChallengeId, IReadOnlyList<ChallengeAthlete> Athletes);

/// <summary>
/// A ride challenge with N participants: a few athletes sign up and join through the API, the others are written straight
/// into the bench host's database with binary COPY (ids nobody signed up with, so the leaderboard shows them without a
/// name). Every participant, the API's athletes included, gets a distance drawn evenly from 0 to <see cref="MaxStartKm"/>.
/// </summary>
internal static class ChallengeSetup
{
    /// <summary>The longest distance a participant has when the benchmark starts.</summary>
    public const int MaxStartKm = 100;

    private const int SignUpConcurrency = 8;

    public static async Task<SeededChallenge> PrepareAsync(HttpClient http, string gamificationDatabase, int participants, int athleteCount, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var organizer = await FitnessDriverClient.SignUpAsync(http, "Challenge organizer", cancellationToken);
        var challengeId = await organizer.CreateChallengeAsync(new CreateChallengeRequest(
            string.Create(CultureInfo.InvariantCulture, $"{participants:N0} riders"), Sport.Ride.ToName(), new ChallengeGoal(10_000_000),
            Iso(now.AddDays(-2)), Iso(now.AddDays(30))), cancellationToken);
        var athletes = new ChallengeAthlete[athleteCount];
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var signUps = progress.AddTask($"Signing up {athleteCount} athletes who join the challenge and open a ride", maxValue: athleteCount);
                await Parallel.ForEachAsync(Enumerable.Range(0, athleteCount),
                    new ParallelOptions { MaxDegreeOfParallelism = SignUpConcurrency, CancellationToken = cancellationToken }, async (i, ct) =>
                    {
                        var client = await FitnessDriverClient.SignUpAsync(http, string.Create(CultureInfo.InvariantCulture, $"Climber {i + 1}"), ct);
                        await client.JoinChallengeAsync(challengeId, ct);
                        // The ride starts after the join (which counts from the server's clock), on a whole second.
                        var rideStart = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2);
                        var activityId = Guid.NewGuid();
                        await client.PutActivityAsync(activityId, Sport.Ride, rideStart, "Climbing the leaderboard", ct);
                        athletes[i] = new ChallengeAthlete(client, activityId, rideStart);
                        signUps.Increment(1);
                    });
                var seeding = progress.AddTask($"Writing {participants - athleteCount:N0} more participants with COPY", maxValue: participants - athleteCount);
                await SeedAsync(gamificationDatabase, challengeId, now.AddDays(-2), athletes, participants - athleteCount, seeding, cancellationToken);
            });
        return new SeededChallenge(challengeId, athletes);
    }

    private static async Task SeedAsync(string connectionString, Guid challengeId, DateTimeOffset joinedAt, ChallengeAthlete[] athletes, int others,
        ProgressTask progress, CancellationToken cancellationToken)
    {
        var random = new Random(2026);
        double NextDistance() => Math.Round(random.NextDouble() * MaxStartKm * 1000, 1);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY gamification.challenge_participants (challenge_id, athlete_id, joined_at, amount) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < others; i++)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(challengeId, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(joinedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(NextDistance(), NpgsqlDbType.Double, cancellationToken);
                if (i % 1000 == 999)
                    progress.Increment(1000);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        foreach (var athlete in athletes)
            athlete.StartDistanceM = NextDistance();
        await using (var place = new NpgsqlCommand("""
            UPDATE gamification.challenge_participants p SET amount = u.distance_m
            FROM unnest($2::uuid[], $3::float8[]) AS u(athlete_id, distance_m)
            WHERE p.challenge_id = $1 AND p.athlete_id = u.athlete_id
            """, connection))
        {
            place.Parameters.Add(new NpgsqlParameter { Value = challengeId });
            place.Parameters.Add(new NpgsqlParameter { Value = athletes.Select(a => a.Client.AthleteId).ToArray() });
            place.Parameters.Add(new NpgsqlParameter { Value = athletes.Select(a => a.StartDistanceM).ToArray() });
            await place.ExecuteNonQueryAsync(cancellationToken);
        }

        // Statistics as autovacuum would have them on a table that grew to this size.
        await using (var analyze = new NpgsqlCommand("ANALYZE gamification.challenge_participants", connection))
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        progress.Value = progress.MaxValue;
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
