//! A document made of headings, lines and tables, built by code that does
//! not print (`review`) and drawn here in the house style.

use comfy_table::CellAlignment;

use super::Printer;

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading line (bold on a terminal), after a blank line.
    Heading(String),
    /// Lines as they are.
    Text(String),
    /// A line that must stand out (a blocked plan): red on a terminal.
    Alert(String),
    /// A table: its header, its rows, and the columns aligned right.
    Table { header: Vec<String>, rows: Vec<Vec<String>>, right: Vec<usize> },
}

impl Printer {
    /// The blocks as one text (never cut: a table's cells wrap on a narrow
    /// terminal, and stay whole lines in a file or a pipe).
    pub fn render_blocks(&self, blocks: &[Block]) -> String {
        let mut out = String::new();
        for b in blocks {
            match b {
                Block::Heading(h) => {
                    if !out.is_empty() {
                        out.push('\n');
                    }
                    out.push_str(&self.bold(h));
                }
                Block::Text(t) => out.push_str(t),
                Block::Alert(t) => out.push_str(&self.paint(t, "31;1")),
                Block::Table { header, rows, right } => {
                    let names: Vec<&str> = header.iter().map(String::as_str).collect();
                    let mut table = self.table(&names);
                    for r in rows {
                        table.add_row(r.clone());
                    }
                    for i in right {
                        if let Some(c) = table.column_mut(*i) {
                            c.set_cell_alignment(CellAlignment::Right);
                        }
                    }
                    out.push_str(&table.to_string());
                }
            }
            if !out.ends_with('\n') {
                out.push('\n');
            }
        }
        out
    }
}
