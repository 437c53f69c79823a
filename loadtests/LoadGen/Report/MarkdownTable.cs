using System.Text;

namespace LoadGen.Report;

/// <summary>Accumulates rows and renders a GitHub-flavoured markdown table.</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public int RowCount => rows.Count;

    public void Add(params string[] cells) => rows.Add(cells);

    public void WriteTo(StringBuilder output)
    {
        output.Append("| ").AppendJoin(" | ", headers).Append(" |\n");
        output.Append('|').AppendJoin('|', headers.Select(_ => "---")).Append("|\n");
        foreach (string[] row in rows)
        {
            output.Append("| ").AppendJoin(" | ", row.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal))).Append(" |\n");
        }

        output.Append('\n');
    }
}
