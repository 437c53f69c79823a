namespace Router.RouteServices;

/// <summary>How a signature from a route service was judged.</summary>
internal enum SignatureVerdict
{
    /// <summary>It decrypted with a configured key and is not older than <c>route_services_timeout</c>.</summary>
    Valid,

    /// <summary>It is missing, malformed, or does not decrypt with either key.</summary>
    Invalid,

    /// <summary>It decrypted but is older than <c>route_services_timeout</c>.</summary>
    Expired,
}

/// <summary>The verdict on a signature, what it says when it decrypted, and Go's error text when it is not valid.</summary>
internal readonly record struct SignatureCheck(SignatureVerdict Verdict, SignatureContents Contents, string Error)
{
    public static SignatureCheck Invalid(string error) => new(SignatureVerdict.Invalid, default, error);
}
