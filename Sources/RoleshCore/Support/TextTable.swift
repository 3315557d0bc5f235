// Plain-text tables for `list` and `sso roles`.

/// Rows as columns two blanks apart, the last column not padded.
func textTable(_ rows: [[String]]) -> String {
    guard let columns = rows.first?.count else { return "" }
    let widths = (0..<columns).map { column in rows.map { $0[column].count }.max() ?? 0 }
    return rows.map { row in
        row.enumerated().map { column, cell in
            column == columns - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
        }.joined() + "\n"
    }.joined()
}
