namespace Router.Configuration;

/// <summary>One configuration problem: the key it is about, and what is wrong (naming the bad value).</summary>
/// <param name="Key">Key path, e.g. <c>backends.max_conns</c> or <c>nats.hosts[1].port</c>.</param>
/// <param name="Message">What is wrong, e.g. <c>must be &gt;= 0, got -1</c>.</param>
/// <param name="RelatedKeys">Other keys the problem depends on; an error is dropped when one of them
/// already failed to parse, because the check then ran against a default the operator did not choose.</param>
internal sealed record ConfigError(string Key, string Message, IReadOnlyList<string>? RelatedKeys = null)
{
    public override string ToString() => Key + ": " + Message;
}
