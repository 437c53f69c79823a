namespace Router.Proxying;

/// <summary>
/// Header names the router reads or writes, as Gorouter spells them
/// (Gorouter <c>common/http/headers.go</c> and <c>handlers/</c>).
/// </summary>
internal static class RouterHeaders
{
    public const string RouterError = "X-Cf-Routererror";
    public const string VcapRequestId = "X-Vcap-Request-Id";
    public const string RequestStart = "X-Request-Start";
    public const string ForwardedFor = "X-Forwarded-For";
    public const string ForwardedProto = "X-Forwarded-Proto";
    public const string ApplicationId = "X-CF-ApplicationID";
    public const string InstanceIndex = "X-CF-InstanceIndex";
    public const string InstanceId = "X-CF-InstanceID";
    public const string AppInstance = "X-CF-APP-INSTANCE";

    /// <summary>Sends the request to one or all instances of a process (Gorouter <c>handlers/lookup.go</c>); forwarded as received.</summary>
    public const string ProcessInstance = "X-CF-PROCESS-INSTANCE";
    public const string ProxySignature = "X-CF-Proxy-Signature";
    public const string VcapTrace = "X-Vcap-Trace";
    public const string VcapRouter = "X-Vcap-Router";
    public const string VcapBackend = "X-Vcap-Backend";
    public const string RouteEndpoint = "X-Cf-Routeendpoint";
    public const string ContentTypeOptions = "X-Content-Type-Options";

    /// <summary>The client's certificate as apps see it (Gorouter <c>handlers/clientcert.go</c>).</summary>
    public const string ForwardedClientCert = "X-Forwarded-Client-Cert";

    /// <summary>Cookie that names the instance a sticky session is pinned to.</summary>
    public const string VcapIdCookie = "__VCAP_ID__";
}
