namespace Router.AccessLog;

/// <summary>
/// The access-log file, appended to in batches by the one writer task, and kept pointed at the configured path when
/// log rotation moves or truncates it:
/// <list type="bullet">
/// <item>rename or delete (logrotate <c>create</c>, or <c>mv</c> + SIGHUP): reopened when SIGHUP arrives, or on
/// Linux when the open file is no longer the one at the path (checked through <c>/proc/self/fd</c> at most once per
/// check interval), elsewhere when the path no longer exists;</item>
/// <item>truncation in place (logrotate <c>copytruncate</c>): before every batch the file's length is compared with
/// the write position and writing continues at the new end, so no hole of zeros is left. Lines written between
/// logrotate's copy and its truncation are lost, as with any writer under <c>copytruncate</c>.</item>
/// </list>
/// </summary>
internal sealed class AccessLogFile : IAsyncDisposable
{
    private readonly string _path;
    private readonly TimeSpan _checkInterval;
    private FileStream _stream;
    private string? _identity;
    private long _lastCheck;

    /// <summary>Opens (creating if needed) <paramref name="path"/> for appending; throws if it cannot.</summary>
    public AccessLogFile(string path, TimeSpan checkInterval)
    {
        _path = Path.GetFullPath(path);
        _checkInterval = checkInterval;
        _stream = Open(_path);
        _identity = Identity(_stream);
        _lastCheck = Environment.TickCount64;
    }

    public string FilePath => _path;

    /// <summary>Appends one batch of whole lines, first following a rotation that happened since the last batch.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> lines, bool reopen)
    {
        if (reopen || RotationDue())
        {
            await ReopenAsync();
        }
        else if (RandomAccess.GetLength(_stream.SafeFileHandle) < _stream.Position)
        {
            _stream.Seek(0, SeekOrigin.End);
        }

        await _stream.WriteAsync(lines);
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    private bool RotationDue()
    {
        var now = Environment.TickCount64;
        if (now - _lastCheck < (long)_checkInterval.TotalMilliseconds)
        {
            return false;
        }

        _lastCheck = now;
        if (_identity is not null)
        {
            return !string.Equals(Identity(_stream), _identity, StringComparison.Ordinal);
        }

        return !File.Exists(_path);
    }

    private async ValueTask ReopenAsync()
    {
        var next = Open(_path);
        var previous = _stream;
        _stream = next;
        _identity = Identity(next);
        _lastCheck = Environment.TickCount64;
        await previous.DisposeAsync();
    }

    private static FileStream Open(string path)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,

            // Batches are built in memory already; a second buffer would only copy them again.
            BufferSize = 0,
        };

        if (!OperatingSystem.IsWindows())
        {
            // Gorouter creates the file 0644.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        // Not FileMode.Append: it forbids seeking back, which following a copytruncate needs.
        var stream = new FileStream(path, options);
        stream.Seek(0, SeekOrigin.End);
        return stream;
    }

    /// <summary>
    /// On Linux, the path the open descriptor currently names: it changes when the file is renamed and gets a
    /// " (deleted)" suffix when it is removed. Null elsewhere.
    /// </summary>
    private static string? Identity(FileStream stream)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var descriptor = stream.SafeFileHandle.DangerousGetHandle();
        try
        {
            return new FileInfo($"/proc/self/fd/{descriptor}").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
