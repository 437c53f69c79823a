namespace Router.Configuration;

/// <summary>A TLS protocol version as <c>min_tls_version</c> and <c>max_tls_version</c> name it (<c>TLSv1.2</c>).</summary>
public enum TlsVersion
{
    /// <summary><c>TLSv1.0</c>.</summary>
    Tls10,

    /// <summary><c>TLSv1.1</c>.</summary>
    Tls11,

    /// <summary><c>TLSv1.2</c>.</summary>
    Tls12,

    /// <summary><c>TLSv1.3</c>.</summary>
    Tls13,
}
