using System.Buffers;

namespace Nats.Internal;

/// <summary>
/// Rejects subjects and queue names that would corrupt the protocol stream: empty, or containing a space, tab, CR
/// or LF (the protocol's field and line separators).
/// </summary>
internal static class SubjectValidator
{
    private static readonly SearchValues<char> Separators = SearchValues.Create(" \t\r\n");

    public static void Validate(string value, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, parameterName);
        if (value.AsSpan().ContainsAny(Separators))
        {
            throw new ArgumentException($"'{value}' contains whitespace, which NATS subjects cannot.", parameterName);
        }
    }

    public static void ValidateOptional(string? value, string parameterName)
    {
        if (value is not null)
        {
            Validate(value, parameterName);
        }
    }
}
