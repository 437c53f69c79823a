using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LoadGen.CommandLine;

namespace LoadGen.Commands;

/// <summary>
/// <c>routes</c>: reads the router's <c>/routes</c> JSON (route key -> array of endpoints, behind
/// Basic auth) and prints how many routes and endpoints it holds, in total and for route keys
/// ending with a given suffix.
/// </summary>
internal static class RoutesCommand
{
    public const string Usage = """
        usage: LoadGen routes --url http://127.0.0.1:PORT/routes [--user U --pass P]
                              [--suffix .churn.loadtest] [--out result.json]
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        ArgumentReader reader = new(args, ["url", "user", "pass", "suffix", "out"]);
        Uri url = reader.HttpUrl("url");
        string? user = reader.Optional("user");
        string? suffix = reader.Optional("suffix");
        if (reader.Errors.Count > 0)
        {
            return JsonOutput.UsageError(reader.Errors, Usage);
        }

        using HttpClient client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };
        using HttpRequestMessage request = new(HttpMethod.Get, url);
        if (user is not null)
        {
            string token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{reader.Optional("pass") ?? string.Empty}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        }

        using HttpResponseMessage response = await client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            await Console.Error.WriteLineAsync($"error: {url} answered {(int)response.StatusCode}");
            return 1;
        }

        await using Stream body = await response.Content.ReadAsStreamAsync();
        using JsonDocument document = await JsonDocument.ParseAsync(body);
        long routes = 0, endpoints = 0, matchingRoutes = 0, matchingEndpoints = 0;
        foreach (JsonProperty route in document.RootElement.EnumerateObject())
        {
            int count = route.Value.ValueKind == JsonValueKind.Array ? route.Value.GetArrayLength() : 0;
            routes++;
            endpoints += count;
            if (suffix is not null && route.Name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                matchingRoutes++;
                matchingEndpoints += count;
            }
        }

        JsonOutput.Emit(reader.Optional("out"), json =>
        {
            json.WriteStartObject();
            json.WriteNumber("routes", routes);
            json.WriteNumber("endpoints", endpoints);
            if (suffix is not null)
            {
                json.WriteString("suffix", suffix);
                json.WriteNumber("matching_routes", matchingRoutes);
                json.WriteNumber("matching_endpoints", matchingEndpoints);
            }

            json.WriteEndObject();
        });
        return 0;
    }
}
