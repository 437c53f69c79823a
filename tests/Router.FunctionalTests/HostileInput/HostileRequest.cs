namespace Router.FunctionalTests.HostileInput;

/// <summary>Whether a hostile request reached the backend.</summary>
public enum BackendSees
{
    Nothing,
    Request,
}

/// <summary>
/// One request of the corpus and what the router must do with it: the status it answers (null: it closes without
/// answering), whether it closes the connection afterwards, whether the backend sees the request, and, for a
/// forwarded request, the body the backend read.
/// </summary>
public sealed record HostileRequest(string Name, string Raw, int? Status, bool Closes, BackendSees Backend, string? BodySeen = null)
{
    public override string ToString() => Name;
}
