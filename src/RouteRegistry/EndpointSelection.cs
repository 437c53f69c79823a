namespace RouteRegistry;

/// <summary>
/// The per-request iterator of <see cref="EndpointPool.Select(ref EndpointSelection, int)"/> (Gorouter's <c>EndpointIterator</c>): which
/// endpoints this request already tried and where round-robin continues on a retry. Keep one per request on the
/// stack and pass it by reference; <c>default</c> is a fresh state. It allocates nothing for up to four attempts.
/// </summary>
public struct EndpointSelection
{
    private const int InlineCapacity = 4;

    private Endpoint? _tried0;
    private Endpoint? _tried1;
    private Endpoint? _tried2;
    private Endpoint? _tried3;
    private Endpoint[]? _moreTried;
    private int _triedCount;
    private int _attempts;
    private bool _hasPosition;
    private int _nextPosition;

    /// <summary>Endpoints handed out by <see cref="EndpointPool.Select(ref EndpointSelection, int)"/> or recorded by <see cref="MarkTried"/>.</summary>
    public readonly int Attempts => _attempts;

    /// <summary>
    /// True once round-robin has taken the route cursor, or hashing a slot of its table, for this request; retries
    /// continue after the last pick.
    /// </summary>
    internal readonly bool HasPosition => _hasPosition;

    /// <summary>Where a retry continues: the endpoint index after a round-robin pick, the slot after a hash pick.</summary>
    internal readonly int NextPosition => _nextPosition;

    /// <summary>
    /// Records an attempt on an endpoint chosen outside <see cref="EndpointPool.Select(ref EndpointSelection, int)"/>, such as a sticky-session
    /// or instance-targeted pick, so that a retry prefers the others.
    /// </summary>
    public void MarkTried(Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _attempts++;
        if (!HasTried(endpoint))
        {
            AddTried(endpoint);
        }
    }

    internal readonly bool HasTried(Endpoint endpoint)
    {
        if (_triedCount == 0)
        {
            return false;
        }

        if (ReferenceEquals(_tried0, endpoint) || ReferenceEquals(_tried1, endpoint)
            || ReferenceEquals(_tried2, endpoint) || ReferenceEquals(_tried3, endpoint))
        {
            return true;
        }

        return _moreTried is not null && Array.IndexOf(_moreTried, endpoint, 0, _triedCount - InlineCapacity) >= 0;
    }

    /// <summary>
    /// Records the endpoint <see cref="EndpointPool.Select(ref EndpointSelection, int)"/> returned from position
    /// <paramref name="index"/>; a positional pick (round-robin, hash) remembers where a retry continues.
    /// </summary>
    internal void RecordSelected(Endpoint endpoint, int index, bool positional)
    {
        MarkTried(endpoint);
        if (positional)
        {
            _hasPosition = true;
            _nextPosition = index + 1;
        }
    }

    private void AddTried(Endpoint endpoint)
    {
        switch (_triedCount)
        {
            case 0: _tried0 = endpoint; break;
            case 1: _tried1 = endpoint; break;
            case 2: _tried2 = endpoint; break;
            case 3: _tried3 = endpoint; break;
            default:
                var slot = _triedCount - InlineCapacity;
                if (_moreTried is null || slot == _moreTried.Length)
                {
                    Array.Resize(ref _moreTried, Math.Max(InlineCapacity, slot * 2));
                }

                _moreTried[slot] = endpoint;
                break;
        }

        _triedCount++;
    }
}
