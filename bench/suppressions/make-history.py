#!/usr/bin/env python3
"""Generates an UltraCloud-shaped git repository with a long history for the suppression-audit
benchmark, through `git fast-import` (seconds for ten thousand commits). Every commit edits one to
three files; along the way suppressions are added (each in the commit that writes its line) and
some removed again, so blame has to walk far back for the old ones.
Usage: make-history.py DEST [COMMITS] [SEED]"""
import os, random, subprocess, sys

dest = sys.argv[1]
commits = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20261202)
workspaces = ["chainfire", "flaredb", "iam", "plasmavmc", "prismnet", "lightningstor", "coronafs", "flashdns",
              "fiberlb", "apigateway", "nightlight", "creditservice", "k8shost", "deployer", "nix-agent", "node-agent",
              "fleet-scheduler"]
rules = {"rs": ["UCG1001", "UCG1002", "UCG1003"], "md": ["UCG1004", "UCG2005"], "nix": ["UCG1005", "UCG2006"]}
reasons = ["the method is hidden behind a disabled feature flag", "the RPC is gated off in the published service",
           "the roadmap page lists what is planned", "the lab's fixed inventory", "removed with the v2 API",
           "kept for the migration window", "the archived helper is documented as archived"]

files = {}
for w in workspaces:
    for m in range(12):
        files[f"{w}/crates/{w}-server/src/module_{m}.rs"] = [f"//! {w} module {m}", ""] + [
            f"pub fn handler_{m}_{i}(x: u64) -> u64 {{ x + {i} }}" for i in range(60)]
for d in range(20):
    files[f"docs/guide-{d}.md"] = [f"# Guide {d}", ""] + [f"Paragraph {i} of guide {d}." for i in range(40)]
for n in range(20):
    files[f"nix/modules/module-{n}.nix"] = ["{ lib, ... }:", "{"] + [f"  options.x{i} = lib.mkOption {{ }};" for i in range(30)] + ["}"]
paths = sorted(files)

def comment(path, text):
    ext = path.rsplit(".", 1)[1]
    return {"rs": f"    // {text}", "md": f"<!-- {text} -->", "nix": f"  # {text}"}[ext]

def blob(lines):
    data = ("\n".join(lines) + "\n").encode()
    return b"data %d\n" % len(data) + data + b"\n"

os.makedirs(dest, exist_ok=True)
subprocess.run(["git", "init", "-q", "-b", "main", dest], check=True)
fi = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=dest, stdin=subprocess.PIPE)
out = fi.stdin
start = 1704067200  # 2024-01-01T00:00:00Z
suppressed = []  # (path, line text) currently in the tree
added = removed = 0
for c in range(commits):
    when = start + c * 3600
    changed = set()
    if c == 0:
        changed = set(paths)
    else:
        for path in rng.sample(paths, rng.randint(1, 3)):
            lines = files[path]
            roll = rng.random()
            if roll < 0.012:
                ext = path.rsplit(".", 1)[1]
                text = f"uc-guards: allow({rng.choice(rules[ext])}) {rng.choice(reasons)} (#{c})"
                lines.insert(rng.randint(2, len(lines) - 1), comment(path, text))
                suppressed.append((path, comment(path, text)))
                added += 1
            elif roll < 0.014 and suppressed:
                victim = rng.randrange(len(suppressed))
                vpath, vline = suppressed.pop(victim)
                files[vpath].remove(vline)
                changed.add(vpath)
                removed += 1
            else:
                i = rng.randint(2, len(lines) - 1)
                if not lines[i].lstrip().startswith(("//", "#", "<!--")):
                    lines[i] = lines[i] + f" // rev {c}" if path.endswith(".rs") else lines[i] + f" (rev {c})" if path.endswith(".md") else lines[i] + f" # rev {c}"
            changed.add(path)
    msg = f"change {c}".encode()
    out.write(b"commit refs/heads/main\n")
    out.write(b"mark :%d\n" % (c + 1))
    out.write(b"author Dev %d <dev%d@example.invalid> %d +0000\n" % (c % 7, c % 7, when))
    out.write(b"committer Dev %d <dev%d@example.invalid> %d +0000\n" % (c % 7, c % 7, when))
    out.write(b"data %d\n" % len(msg) + msg + b"\n")
    if c > 0:
        out.write(b"from :%d\n" % c)
    for path in sorted(changed):
        out.write(b"M 100644 inline " + path.encode() + b"\n")
        out.write(blob(files[path]))
    out.write(b"\n")
out.close()
if fi.wait() != 0:
    sys.exit("git fast-import failed")
subprocess.run(["git", "-C", dest, "checkout", "-q", "-f", "main"], check=True)
print(f"{dest}: {commits} commits, {len(paths)} files, {added} suppressions added, {removed} removed, {len(suppressed)} in force")
