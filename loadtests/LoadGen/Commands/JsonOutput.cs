using System.Text;
using System.Text.Json;

namespace LoadGen.Commands;

/// <summary>Writes a command's JSON result to stdout and, when asked, to a file.</summary>
internal static class JsonOutput
{
    public static void Emit(string? path, Action<Utf8JsonWriter> write)
    {
        using MemoryStream memory = new();
        using (Utf8JsonWriter json = new(memory, new JsonWriterOptions { Indented = true }))
        {
            write(json);
        }

        string text = Encoding.UTF8.GetString(memory.ToArray());
        Console.Out.WriteLine(text);
        if (path is not null)
        {
            File.WriteAllText(path, text + "\n");
        }
    }

    /// <summary>Prints every argument problem and the command's usage; returns the exit code 2.</summary>
    public static int UsageError(IReadOnlyList<string> errors, string usage)
    {
        foreach (string error in errors)
        {
            Console.Error.WriteLine($"error: {error}");
        }

        Console.Error.WriteLine(usage);
        return 2;
    }
}
