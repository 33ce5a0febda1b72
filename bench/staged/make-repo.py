#!/usr/bin/env python3
"""Generates an UltraCloud-shaped git repository of about a million lines for the pre-commit
benchmark: every workspace gets server crates of Rust files, plus docs and Nix files; then five
files are modified and staged. Usage: make-repo.py DEST [LINES]"""
import os, subprocess, sys

dest = sys.argv[1]
target_lines = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
workspaces = ["chainfire", "flaredb", "iam", "plasmavmc", "prismnet", "lightningstor", "coronafs", "flashdns",
              "fiberlb", "apigateway", "nightlight", "creditservice", "k8shost", "deployer", "nix-agent", "node-agent",
              "fleet-scheduler"]
lines_per_file = 200
files = target_lines // lines_per_file

def rust(i):
    out = [f"//! module {i}", "use std::collections::HashMap;", ""]
    n = 0
    while len(out) < lines_per_file - 4:
        out += [f"pub fn handler_{i}_{n}(input: &HashMap<String, u64>) -> u64 {{",
                f"    input.get(\"key{n}\").copied().unwrap_or({n})", "}", ""]
        n += 1
    return "\n".join(out[:lines_per_file]) + "\n"

os.makedirs(dest, exist_ok=True)
subprocess.run(["git", "init", "-q", dest], check=True)
written = []
for i in range(files):
    ws = workspaces[i % len(workspaces)]
    kind = i % 10
    if kind == 8:
        path = f"{ws}/docs/page{i}.md"
        text = "".join(f"Paragraph {j} of page {i} describes the service.\n\n" for j in range(lines_per_file // 2))
    elif kind == 9:
        path = f"nix/modules/gen{i}.nix"
        text = "{ lib, ... }:\n{\n" + "".join(f"  options.gen{i}.o{j} = lib.mkOption {{ default = {j}; }};\n" for j in range(lines_per_file - 3)) + "}\n"
    else:
        path = f"{ws}/crates/{ws}-server/src/m{i}.rs"
        text = rust(i)
    full = os.path.join(dest, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)
    written.append(path)

env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.invalid",
           GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.invalid")
subprocess.run(["git", "-C", dest, "add", "-A"], check=True)
subprocess.run(["git", "-C", dest, "commit", "-q", "-m", "generated"], check=True, env=env)

# Five staged edits: four Rust files (one gains a stub) and one doc.
rs = [p for p in written if p.endswith(".rs")][:4]
md = [p for p in written if p.endswith(".md")][:1]
for k, path in enumerate(rs + md):
    with open(os.path.join(dest, path), "a") as f:
        f.write("\npub fn added() -> u64 {\n    todo!()\n}\n" if k == 0 and path.endswith(".rs") else "\n// edited\n" if path.endswith(".rs") else "\nEdited.\n")
subprocess.run(["git", "-C", dest, "add", *rs, *md], check=True)
total = sum(1 for p in written for _ in open(os.path.join(dest, p)))
print(f"{dest}: {len(written)} files, {total} lines, 5 staged")
