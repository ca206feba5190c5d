using System.Buffers.Binary;
using System.IO.Hashing;
using FASTER.core;
using Microsoft.Win32.SafeHandles;

namespace FitnessDriver.EventLog.Embedded;

/// <summary>
/// Where a partition's FasterLog keeps its commits: two files, each holding one commit record, written in turn. FASTER's
/// own manager creates a file per commit and deletes the one before; with a group commit per request that was a file
/// created, synced and unlinked for every few appends. Here a commit is one synced write at the start of an open file.
/// </summary>
/// <remarks>
/// A record is the commit number, the metadata's length, a CRC-32 of both and the metadata, then the metadata. A write
/// cut short by a crash fails its check, and recovery takes the other file's commit, which the write never touched. A
/// directory of FASTER's commit files (from before these files) is taken over on first open: its latest commit becomes
/// the first record here, then the folder is deleted.
/// </remarks>
internal sealed class CommitSlots : ILogCommitManager
{
    private const int HeaderSize = 16;
    private readonly SafeFileHandle[] slots;
    private readonly (long CommitNum, byte[] Metadata)?[] records;
    private int next;

    public CommitSlots(string directory, string? formerCommitDirectory = null)
    {
        Directory.CreateDirectory(directory);
        slots = [Open(Path.Combine(directory, "commit.0")), Open(Path.Combine(directory, "commit.1"))];
        records = [Read(slots[0]), Read(slots[1])];
        next = Latest() is { } latest ? 1 - latest : 0;
        if (formerCommitDirectory is not null && Directory.Exists(formerCommitDirectory))
            TakeOver(formerCommitDirectory);
    }

    public void Commit(long beginAddress, long untilAddress, byte[] commitMetadata, long commitNum, bool forceWriteMetadata)
    {
        ArgumentNullException.ThrowIfNull(commitMetadata);
        var record = new byte[HeaderSize + commitMetadata.Length];
        BinaryPrimitives.WriteInt64LittleEndian(record, commitNum);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(8), commitMetadata.Length);
        commitMetadata.CopyTo(record.AsSpan(HeaderSize));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), Checksum(record));
        lock (slots)
        {
            RandomAccess.Write(slots[next], record, 0);
            records[next] = (commitNum, commitMetadata);
            next = 1 - next;
        }
    }

    public byte[]? GetCommitMetadata(long commitNum)
    {
        lock (slots)
            return records.FirstOrDefault(r => r?.CommitNum == commitNum)?.Metadata;
    }

    public IEnumerable<long> ListCommits()
    {
        lock (slots)
            return [.. records.OfType<(long CommitNum, byte[] Metadata)>().Select(r => r.CommitNum).OrderDescending()];
    }

    public void RemoveCommit(long commitNum)
    {
        lock (slots)
        {
            for (var i = 0; i < slots.Length; i++)
            {
                if (records[i]?.CommitNum == commitNum)
                    Clear(i);
            }
        }
    }

    public void RemoveAllCommits()
    {
        lock (slots)
        {
            Clear(0);
            Clear(1);
            next = 0;
        }
    }

    public void OnRecovery(long commitNum)
    {
    }

    public void Dispose()
    {
        foreach (var slot in slots)
            slot.Dispose();
    }

    private static SafeFileHandle Open(string path) =>
        File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, FileOptions.WriteThrough);

    private static (long CommitNum, byte[] Metadata)? Read(SafeFileHandle slot)
    {
        var header = new byte[HeaderSize];
        if (RandomAccess.Read(slot, header, 0) < HeaderSize)
            return null;
        var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
        if (length < 0 || length > RandomAccess.GetLength(slot) - HeaderSize)
            return null;
        var record = new byte[HeaderSize + length];
        if (RandomAccess.Read(slot, record, 0) < record.Length || BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(12)) != Checksum(record))
            return null;
        return (BinaryPrimitives.ReadInt64LittleEndian(record), record[HeaderSize..]);
    }

    /// <summary>CRC-32 of the record with its checksum field left out.</summary>
    private static uint Checksum(byte[] record)
    {
        var crc = new Crc32();
        crc.Append(record.AsSpan(0, 12));
        crc.Append(record.AsSpan(HeaderSize));
        return crc.GetCurrentHashAsUInt32();
    }

    private int? Latest() =>
        (records[0], records[1]) switch
        {
            (null, null) => null,
            ({ } first, { } second) => first.CommitNum >= second.CommitNum ? 0 : 1,
            (null, _) => 1,
            _ => 0,
        };

    private void Clear(int slot)
    {
        RandomAccess.Write(slots[slot], new byte[HeaderSize], 0);
        records[slot] = null;
    }

    private void TakeOver(string formerCommitDirectory)
    {
        if (Latest() is null)
        {
            using var former = new DeviceLogCommitCheckpointManager(new LocalStorageNamedDeviceFactory(), new DefaultCheckpointNamingScheme(formerCommitDirectory));
            foreach (var commitNum in former.ListCommits())
            {
                if (former.GetCommitMetadata(commitNum) is { } metadata)
                {
                    Commit(0, 0, metadata, commitNum, forceWriteMetadata: true);
                    break;
                }
            }
        }

        Directory.Delete(formerCommitDirectory, recursive: true);
    }
}
