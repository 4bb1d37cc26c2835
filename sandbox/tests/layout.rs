//! The source tree keeps its shape: modules form no import cycle, and no
//! file grows past ~600 lines of non-test code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Non-test code lines of a module (everything before `#[cfg(test)]`).
fn code(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |at| &text[..at])
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The modules a file names through `crate::` paths, `use crate::{a, b::c}` included.
fn imports(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut start = true;
            let mut word = String::new();
            for c in group.chars() {
                if is_ident(c) {
                    if start && depth == 1 {
                        word.push(c);
                    }
                    continue;
                }
                if !word.is_empty() {
                    found.insert(std::mem::take(&mut word));
                    start = false;
                }
                match c {
                    '{' => depth += 1,
                    '}' if depth == 1 => break,
                    '}' => depth -= 1,
                    ',' if depth == 1 => start = true,
                    _ => {}
                }
            }
            if !word.is_empty() {
                found.insert(word);
            }
        } else {
            let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

fn sources() -> BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("src/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            files.insert(name, std::fs::read_to_string(&path).expect("read"));
        }
    }
    files
}

#[test]
fn the_scanner_reads_grouped_and_inline_paths() {
    let text = "use crate::{actions, reactions::{self, x}, y};\nlet a = crate::seed::build();";
    let got: Vec<String> = imports(text).into_iter().collect();
    assert_eq!(got, ["actions", "reactions", "seed", "y"]);
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let files = sources();
    let graph: BTreeMap<String, BTreeSet<String>> = files
        .iter()
        .filter(|(name, _)| name.as_str() != "main" && name.as_str() != "lib")
        .map(|(name, text)| {
            let mut deps = imports(code(text));
            deps.remove(name);
            (name.clone(), deps)
        })
        .collect();
    assert!(graph.len() > 20, "{:?}", graph.keys());
    // Depth-first search for a back edge; report the cycle it closes.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for dep in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(dep, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        let cycle = visit(node, &graph, &mut Vec::new(), &mut done);
        assert_eq!(cycle, None, "an import cycle");
    }
}

#[test]
fn no_file_is_above_600_lines_of_code() {
    for (name, text) in sources() {
        let lines = code(&text).lines().count();
        assert!(lines <= 600, "{name}.rs has {lines} lines of non-test code");
    }
}
