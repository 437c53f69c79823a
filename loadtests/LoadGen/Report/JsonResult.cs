using System.Text.Json;

namespace LoadGen.Report;

/// <summary>Read access to a JSON result file written by one of this tool's commands.</summary>
internal sealed class JsonResult
{
    private readonly JsonElement root;

    private JsonResult(JsonElement root) => this.root = root;

    public static JsonResult? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            return new JsonResult(document.RootElement.Clone());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A number by dotted path (<c>latency_from_send_us.p99</c>); NaN when absent.</summary>
    public double Number(string path)
    {
        JsonElement current = root;
        foreach (string part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return double.NaN;
            }
        }

        return current.ValueKind == JsonValueKind.Number ? current.GetDouble() : double.NaN;
    }

    public bool Flag(string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.True;
}
