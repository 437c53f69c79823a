using System.Security.Cryptography;

namespace Nats.Internal;

/// <summary>Unique tokens for inbox subjects: 22 random base-62 characters (about 131 bits), as NATS clients use.</summary>
internal static class Nuid
{
    private const int Length = 22;
    private static readonly char[] Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".ToCharArray();

    public static string Next() => new(RandomNumberGenerator.GetItems<char>(Alphabet, Length));
}
